"""Grafana dashboards as ConfigMaps: the Grafana of kube-prometheus-stack runs a sidecar that loads every
ConfigMap labelled ``grafana_dashboard: "1"`` (the chart's ``grafana.sidecar.dashboards.label`` and
``labelValue`` defaults, searching all namespaces) as a provisioned, read-only dashboard."""

from __future__ import annotations

import json

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.dashboards import Dashboard, grafana_json
from fleetform.k8s.labels import AppLabels

#: The label and value the chart's dashboard sidecar watches (kube-prometheus-stack values defaults).
SIDECAR_LABEL = ("grafana_dashboard", "1")


class GrafanaDashboards(Construct):
    """One ConfigMap ``dashboard-<uid>`` per dashboard in ``namespace``, holding ``<uid>.json``."""

    def __init__(
        self, scope: Construct, id: str, *, namespace: str, labels: AppLabels, dashboards: list[Dashboard]
    ) -> None:
        super().__init__(scope, id)
        uids = [d.uid for d in dashboards]
        if len(set(uids)) != len(uids):
            raise PropError("GrafanaDashboards", "dashboards", uids, "must have distinct uids")
        key, value = SIDECAR_LABEL
        for dashboard in dashboards:
            k8s.KubeConfigMap(
                self,
                dashboard.uid,
                metadata=k8s.ObjectMeta(
                    name=f"dashboard-{dashboard.uid}", namespace=namespace, labels={**labels.all, key: value}
                ),
                data={f"{dashboard.uid}.json": json.dumps(grafana_json(dashboard), indent=2, sort_keys=True) + "\n"},
            )
