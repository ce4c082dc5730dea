"""integrity-alerts: alerts can fire and reach someone.

Every PrometheusRule, ServiceMonitor and PodMonitor is loaded by a Prometheus of the cluster (its rule and
monitor selectors, the chart's or a Prometheus object's); an alert that sums container metrics per pod in
a namespace with Istio sidecars leaves the ``istio-proxy`` container out (else the sidecar's usage and
limit blur the ratio); an Alertmanager routes alerts to a receiver that notifies (the chart's default
routes everything to ``null``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity import capabilities as cap
from fleetform.integrity.model import Cluster, Obj, Problem
from fleetform.integrity.promql import Selector, aggregations
from fleetform.integrity.selectors import describe, matches
from fleetform.integrity.world import Produced, World

ID = "integrity-alerts"
SUMMARY = "alert rules and monitors are loaded by a Prometheus, count no sidecar, and reach an Alertmanager receiver"
SIDECAR = "istio-proxy"
#: Container metrics of cAdvisor and kube-state-metrics: one series per container of a pod.
CONTAINER_METRICS = ("container_", "kube_pod_container_")
#: What selects each monitoring kind in a Prometheus (its label selector and namespace selector).
SELECTED_BY = {
    "PrometheusRule": ("ruleSelector", "ruleNamespaceSelector"),
    "ServiceMonitor": ("serviceMonitorSelector", "serviceMonitorNamespaceSelector"),
    "PodMonitor": ("podMonitorSelector", "podMonitorNamespaceSelector"),
}


def check(cluster: Cluster) -> Iterator[Problem]:
    world = cluster.world
    prometheuses = world.all("Prometheus")
    for obj in cluster.of_kind(*SELECTED_BY):
        if not any(_loads(p, obj, world) for p in prometheuses):
            selectors = (
                "; ".join(describe(p.spec.get(SELECTED_BY[obj.kind][0]) or {}) for p in prometheuses) or "no Prometheus"
            )
            message = (
                f"no Prometheus of {cluster.id} loads this {obj.kind} (selectors: {selectors}); expected labels a "
                "Prometheus selects, or a Prometheus that selects it"
            )
            yield Problem(obj, message, ("metadata", "labels"))
    for rule in cluster.of_kind("PrometheusRule"):
        yield from _sidecar_sums(rule, world)
    alerting = any(_alerts(rule) for rule in cluster.of_kind("PrometheusRule"))
    managers = world.all("Alertmanager")
    if alerting and not managers and prometheuses:
        first = cluster.of_kind("PrometheusRule")[0]
        yield Problem(
            first,
            f"alerts go to no Alertmanager: {cluster.id} runs none; expected alertmanager.enabled in the monitoring "
            "release",
        )
    for manager in managers:
        if isinstance(manager, Produced):
            yield from _receivers(manager, world)


def _loads(prometheus: Obj | Produced, obj: Obj, world: World) -> bool:
    selector_key, namespace_key = SELECTED_BY[obj.kind]
    selector = prometheus.spec.get(selector_key)
    namespaces = prometheus.spec.get(namespace_key)
    if selector is None:  # the operator: no selector selects nothing
        return False
    in_scope = (
        obj.namespace == prometheus.namespace
        if namespaces is None
        else matches(namespaces, world.namespaces.get(obj.namespace, {}))
    )
    return in_scope and matches(selector, obj.labels)


def _alerts(rule: Obj) -> list[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    return [
        (("spec", "groups", i, "rules", j), item)
        for i, group in enumerate(rule.spec.get("groups") or [])
        for j, item in enumerate(group.get("rules") or [])
        if isinstance(item, Mapping) and item.get("alert")
    ]


def _sidecar_sums(rule: Obj, world: World) -> Iterator[Problem]:
    if world.has(cap.SIDECAR_INJECTOR) is None:
        return
    injected = {
        n
        for n, labels in world.namespaces.items()
        if labels.get("istio-injection") == "enabled" or "istio.io/rev" in labels
    }
    for path, alert in _alerts(rule):
        counted: dict[str, set[str]] = {}
        for a in aggregations(str(alert.get("expr") or "")):
            per_pod = (a.grouping == "by" and "pod" in a.labels and "container" not in a.labels) or (
                a.grouping == "without" and "container" in a.labels
            )
            for s in a.selectors if per_pod else ():
                covered = _covered(s, injected)
                if s.metric.startswith(CONTAINER_METRICS) and covered and not _excludes_sidecar(s):
                    counted.setdefault(s.metric, set()).update(covered)
        if counted:
            namespaces = sorted(set().union(*counted.values()))
            message = (
                f"alert {alert['alert']} sums {', '.join(sorted(counted))} per pod including the {SIDECAR} sidecar "
                f"injected into {', '.join(namespaces)}, so the sidecar's usage and limit blur the ratio; expected "
                f'container!="{SIDECAR}" (and container!="") on each selector, or by (pod, container)'
            )
            yield Problem(rule, message, (*path, "expr"))


def _covered(selector: Selector, injected: set[str]) -> set[str]:
    """The namespaces with sidecars whose series the selector reads."""
    namespaces = {value for label, op, value in selector.matchers if label == "namespace" and op == "="}
    return namespaces & injected if namespaces else injected


def _excludes_sidecar(selector: Selector) -> bool:
    for label, op, value in selector.matchers:
        if label != "container":
            continue
        if (op == "!=" and value == SIDECAR) or (op == "=" and value not in ("", SIDECAR)):
            return True
        if (op == "=~" and not _full(value, SIDECAR)) or (op == "!~" and _full(value, SIDECAR)):
            return True
    return False


def _full(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return False


def _receivers(manager: Produced, world: World) -> Iterator[Problem]:
    config = manager.data.get("config")
    if not isinstance(config, Mapping) or manager.source is None:
        return  # configured elsewhere (an existing Secret, AlertmanagerConfig objects)
    notifying = {
        str(r.get("name"))
        for r in config.get("receivers") or []
        if isinstance(r, Mapping) and any(k.endswith("_configs") and v for k, v in r.items())
    }
    routed = set(_routed(config.get("route") or {}))
    if not routed & notifying:
        message = (
            f"Alertmanager {manager.name} of {world.cluster.id} sends alerts to no receiver that notifies (routes: "
            f"{', '.join(sorted(routed)) or 'none'}; the chart's default receiver 'null' has no notifier); expected a "
            "receiver with e.g. pagerduty_configs or slack_configs as the route's receiver"
        )
        yield Problem(manager.source, message, (*manager.source_path, "config"))


def _routed(route: Mapping[str, Any]) -> Iterator[str]:
    if route.get("receiver"):
        yield str(route["receiver"])
    for child in route.get("routes") or []:
        if isinstance(child, Mapping):
            yield from _routed(child)
