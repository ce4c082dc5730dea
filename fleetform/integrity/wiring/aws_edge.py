"""AWS: the stack's load balancer target groups get their targets from the cluster (a TargetGroupBinding of
the AWS Load Balancer Controller names each one), and their health checks ask for a path the targets serve."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity.model import Cluster, Obj, Problem, Resource
from fleetform.integrity.selectors import Pod, matches_map

#: Target types whose targets come from the cluster (``lambda`` and ``alb`` targets do not).
CLUSTER_TARGETS = ("ip", "instance")


def target_groups(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack
    if stack is None or cluster.cloud != "aws":
        return
    groups = {str(g.data.get("name")): g for g in stack.of_type("aws_lb_target_group")}
    bindings: dict[str, list[Obj]] = {}
    for binding in cluster.of_kind("TargetGroupBinding"):
        name = _group_name(binding.spec)
        bindings.setdefault(name, []).append(binding)
        if name not in groups:
            known = ", ".join(sorted(groups)) or "none"
            message = (
                f"target group {name} is not created by the stack of {cluster.id} (its groups: {known}); "
                "expected one of them"
            )
            yield Problem(
                binding,
                message,
                ("spec", "targetGroupName" if binding.spec.get("targetGroupName") else "targetGroupARN"),
            )
    attached = {
        r.label
        for kind in ("aws_lb_target_group_attachment", "aws_autoscaling_attachment")
        for a in stack.of_type(kind)
        for r in stack.referenced(a.data)
    }
    for name, group in groups.items():
        if group.data.get("target_type", "instance") not in CLUSTER_TARGETS:
            continue
        if name not in bindings and group.label not in attached:
            message = (
                f"target group {name} has no targets: no TargetGroupBinding of {cluster.id} names it and the stack "
                "attaches nothing; expected a TargetGroupBinding (AWS Load Balancer Controller) that binds it to the "
                "ingress gateway's Service"
            )
            yield Problem(group, message)
        yield from _health(cluster, group, bindings.get(name, []))


def _group_name(spec: Mapping[str, Any]) -> str:
    """``targetGroupName``, or the name inside ``targetGroupARN`` (``...:targetgroup/<name>/<id>``)."""
    if spec.get("targetGroupName"):
        return str(spec["targetGroupName"])
    return str(spec.get("targetGroupARN") or "").partition(":targetgroup/")[2].partition("/")[0]


def _health(cluster: Cluster, group: Resource, bindings: list[Obj]) -> Iterator[Problem]:
    check = group.data.get("health_check") or {}
    check = check[0] if isinstance(check, list) and check else check
    if (
        not isinstance(check, Mapping)
        or check.get("enabled") is False
        or group.data.get("protocol") not in ("HTTP", "HTTPS")
    ):
        return
    path = str(check.get("path") or "/")
    pods = _bound_pods(cluster, bindings) if bindings else cluster.world.pods
    served = sorted({p for pod in pods for p in served_paths(pod)})
    if path not in served:
        scope = "the pods it targets" if bindings else f"the workloads of {cluster.id}"
        message = (
            f"health check GET {path} is served by none of {scope} (they serve "
            f"{', '.join(served) or 'no HTTP probe path'}); expected the health path of the targets (the Istio "
            "ingress gateway: /healthz/ready on port 15021)"
        )
        yield Problem(group, message)


def _bound_pods(cluster: Cluster, bindings: list[Obj]) -> list[Pod]:
    pods: list[Pod] = []
    for binding in bindings:
        ref = binding.spec.get("serviceRef") or {}
        service = cluster.world.find("Service", binding.namespace, str(ref.get("name") or ""))
        selector = service.spec.get("selector") if service is not None else None
        if isinstance(selector, Mapping) and selector:
            pods += [p for p in cluster.world.pods_in(binding.namespace) if matches_map(selector, p.labels)]
    return pods


def served_paths(pod: Pod) -> set[str]:
    """The HTTP paths a pod's probes ask for: what the pod is known to serve."""
    return {
        str(container[probe]["httpGet"]["path"])
        for _, container in pod.containers()
        for probe in ("readinessProbe", "livenessProbe", "startupProbe")
        if isinstance(container.get(probe), Mapping)
        and isinstance(container[probe].get("httpGet"), Mapping)
        and container[probe]["httpGet"].get("path")
    }
