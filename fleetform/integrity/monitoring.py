"""kube-prometheus-stack as the world sees it: its pods, and the Prometheus and Alertmanager custom resources
its templates render (selectors, Alertmanager configuration), which the alerting rule reads.

Facts from prometheus-community/helm-charts ``charts/kube-prometheus-stack`` at 69.8.2 and 88.5.3:
``templates/prometheus/prometheus.yaml`` (rule and ServiceMonitor selectors: ``release: <release>`` while
``*SelectorNilUsesHelmValues`` is true, the default; namespace selectors ``{}``),
``templates/alertmanager/{alertmanager,secret}.yaml`` and ``values.yaml`` ``alertmanager.config`` (the
default routes every alert to the receiver ``null``, which has no notifier), ``_helpers.tpl`` (names),
``templates/prometheus-operator/_prometheus-operator.tpl`` (operator pod labels).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fleetform.integrity import capabilities as cap
from fleetform.integrity.world import Capability, Production, Release

FACT = "prometheus-community/helm-charts charts/kube-prometheus-stack templates/{prometheus,alertmanager}"

#: ``alertmanager.config`` of the chart's values.yaml (69.8.2 lines 505-544, 88.5.3 lines 553-619), the
#: parts that decide where alerts go.
DEFAULT_ALERTMANAGER_CONFIG: Mapping[str, Any] = {
    "route": {"receiver": "null", "routes": [{"receiver": "null", "matchers": ['alertname = "Watchdog"']}]},
    "receivers": [{"name": "null"}],
}


def prometheus_stack(r: Release, name: str) -> Production:
    """``name``: the chart's fullname (``kube-prometheus-stack.fullname``, cut to 26 characters)."""
    common = {"release": r.name, "app.kubernetes.io/instance": r.name}
    operator = {**common, "app": "kube-prometheus-stack-operator"}
    operator["app.kubernetes.io/name"] = "kube-prometheus-stack-prometheus-operator"
    prometheus = f"{name}-prometheus"
    pods = [
        r.pod("Deployment", f"{name}-operator", operator),
        r.pod(
            "StatefulSet",
            f"prometheus-{prometheus}",
            {"app.kubernetes.io/name": "prometheus", "prometheus": prometheus},
        ),
    ]
    objects = [r.produced("Prometheus", prometheus, FACT, data={"spec": _prometheus_spec(r)}, at=("prometheus",))]
    if r.value("alertmanager", "enabled", default=True):
        alertmanager = f"{name}-alertmanager"
        labels = {"app.kubernetes.io/name": "alertmanager", "alertmanager": alertmanager}
        pods.append(r.pod("StatefulSet", f"alertmanager-{alertmanager}", labels))
        objects.append(r.produced("Alertmanager", alertmanager, FACT, data=_alertmanager(r), at=("alertmanager",)))
        if not r.value("alertmanager", "alertmanagerSpec", "useExistingSecret"):
            objects.append(r.produced("Secret", f"alertmanager-{alertmanager}", FACT, at=("alertmanager", "config")))
    for part, chart in (("kubeStateMetrics", "kube-state-metrics"), ("grafana", "grafana")):
        if r.value(part, "enabled", default=True):
            pods.append(r.pod("Deployment", f"{r.name}-{chart}", {"app.kubernetes.io/name": chart, **common}))
    if r.value("nodeExporter", "enabled", default=True):
        labels = {"app.kubernetes.io/name": "prometheus-node-exporter", **common}
        spec = {"tolerations": [{"operator": "Exists", "effect": "NoSchedule"}]}
        pods.append(r.pod("DaemonSet", f"{r.name}-prometheus-node-exporter", labels, spec))
    installed = r.value("crds", "enabled", default=True)
    crds = (Capability(cap.crd("monitoring.coreos.com"), r.by),) if installed else ()
    return Production(objects=tuple(objects), pods=tuple(pods), capabilities=crds)


def _prometheus_spec(r: Release) -> dict[str, Any]:
    spec = r.value("prometheus", "prometheusSpec", default={})
    selectors: dict[str, Any] = {}
    for kind in ("rule", "serviceMonitor", "podMonitor"):
        given = spec.get(f"{kind}Selector")
        uses_release = spec.get(f"{kind}SelectorNilUsesHelmValues", True)
        selectors[f"{kind}Selector"] = given or ({"matchLabels": {"release": r.name}} if uses_release else {})
        selectors[f"{kind}NamespaceSelector"] = spec.get(f"{kind}NamespaceSelector") or {}
    return selectors


def _alertmanager(r: Release) -> dict[str, Any]:
    """The Alertmanager and its configuration: the chart's default merged with ``alertmanager.config`` (maps
    merge, lists are replaced, as Helm merges values); ``None`` when it comes from elsewhere (an existing
    Secret, AlertmanagerConfig objects)."""
    spec = r.value("alertmanager", "alertmanagerSpec", default={})
    external = spec.get("useExistingSecret") or spec.get("configSecret") or spec.get("alertmanagerConfiguration")
    config = None if external else merge(DEFAULT_ALERTMANAGER_CONFIG, r.value("alertmanager", "config", default={}))
    return {"spec": dict(spec), "config": config}


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's merge of values: maps merge key by key, anything else in ``over`` replaces."""
    out = dict(base)
    for key, value in over.items():
        both = isinstance(value, Mapping) and isinstance(out.get(key), Mapping)
        out[key] = merge(out[key], value) if both else value
    return out
