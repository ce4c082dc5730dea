"""A chart holds one layer of one cluster; its objects go to ``dist/k8s/<cluster>/<layer>/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cdk8s
from constructs import Construct

from fleetform.k8s.constructs.controller_network_policies import ControllerFirewall, Flows
from fleetform.k8s.constructs.helm_release import ChartRelease, ChartRepository
from fleetform.k8s.constructs.namespace import PlatformNamespace, PssLevel
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.labels import AppLabels
from fleetform.k8s.names import MONITORING_NS


class LayerChart(cdk8s.Chart):
    """Base of the layer charts: knows its cluster (and the rest of its inputs), its layer, and the platform's
    base labels."""

    layer: str = ""

    def __init__(self, scope: Construct, inputs: ClusterInputs) -> None:
        cluster = inputs.cluster
        super().__init__(scope, f"{cluster.id}-{self.layer}", disable_resource_name_hashes=True)
        self.inputs = inputs
        self.cluster = cluster
        platform = cluster.platform
        self.base = AppLabels(platform.name, cluster.environment, platform.version, "platform", platform.name)

    def labels_for(self, component: str, name: str | None = None) -> AppLabels:
        return self.base.for_part(name or self.base.name, component)

    def controller_namespace(self, name: str, level: PssLevel, flows: Flows) -> None:
        """The namespace ``name`` of an add-on controller, enforcing the Pod Security ``level`` at the cluster's
        Kubernetes version, and its firewall: default deny, DNS, the API server, Prometheus scraping, and
        ``flows``."""
        cluster = self.cluster
        PlatformNamespace(
            self,
            f"ns-{name}",
            name=name,
            labels=self.labels_for("controllers"),
            pss_version=f"v{cluster.platform.kubernetes_version}",
            enforce=level,
        )
        ControllerFirewall(
            self,
            f"netpol-{name}",
            namespace=name,
            labels=self.labels_for("networking"),
            api_server_cidrs=list(cluster.cloud_settings.network.api_server_cidrs),
            monitoring_namespace=MONITORING_NS,
            flows=flows,
        )

    def repository(self, name: str, url: str) -> None:
        """The HelmRepository ``name`` at ``url`` (in flux-system, where Flux's source controller reads it)."""
        ChartRepository(self, f"repo-{name}", name=name, url=url, labels=self.labels_for("gitops"))

    def release(
        self,
        name: str,
        namespace: str,
        chart: str,
        version: str,
        repository: str,
        values: Mapping[str, Any],
        depends_on: list[str] | None = None,
    ) -> None:
        """The HelmRelease ``name`` of ``chart`` at ``version`` from the HelmRepository ``repository``."""
        ChartRelease(
            self,
            f"release-{name}",
            name=name,
            namespace=namespace,
            labels=self.labels_for("controllers"),
            chart=chart,
            version=version,
            repository=repository,
            values=values,
            depends_on=depends_on,
        )
