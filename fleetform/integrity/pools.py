"""The node pools of a cluster's stack, as the scheduler sees their nodes: labels and taints (those the stack
sets and those the cloud adds), size, whether the cloud scales them, whether they have GPUs."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fleetform.integrity.model import Resource, Stack, dig

#: Terraform's taint effects, as nodes carry them.
EFFECTS = {"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": "PreferNoSchedule"}
#: The taint of system pools; the clouds' own add-ons (CoreDNS, metrics-server) tolerate it.
SYSTEM_TAINT = "CriticalAddonsOnly"
#: GPU instance families: EC2 g*/p*, Azure N-series.
GPU_MACHINES = re.compile(r"^(g\d|p\d)[a-z0-9-]*\.|^Standard_N", re.IGNORECASE)


@dataclass(frozen=True)
class Taint:
    key: str
    value: str
    effect: str

    @property
    def text(self) -> str:
        return f"{self.key}={self.value}:{self.effect}" if self.value else f"{self.key}:{self.effect}"


@dataclass(frozen=True)
class Pool:
    """``resource`` (``path`` inside it: an AKS default pool is a block of the cluster) makes nodes with
    ``labels`` and ``taints``; ``cloud_scaled``: the cloud's own autoscaler scales it."""

    resource: Resource
    path: tuple[str, ...]
    name: str
    minimum: int
    maximum: int
    labels: Mapping[str, str]
    taints: tuple[Taint, ...]
    gpu: bool
    cloud_scaled: bool

    @property
    def system(self) -> bool:
        return all(t.key == SYSTEM_TAINT for t in self.taints) and bool(self.taints)


def pools(stack: Stack) -> list[Pool]:
    return [*_eks(stack), *_aks(stack), *_gke(stack)]


def _taints(items: Sequence[Any]) -> tuple[Taint, ...]:
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append(
                Taint(
                    str(item.get("key")),
                    str(item.get("value") or ""),
                    EFFECTS.get(str(item.get("effect")), str(item.get("effect"))),
                )
            )
        elif isinstance(item, str):  # AKS: "key=value:Effect"
            pair, _, effect = item.rpartition(":")
            key, _, value = pair.partition("=")
            out.append(Taint(key, value, effect))
    return tuple(out)


def _eks(stack: Stack) -> Iterator[Pool]:
    for group in stack.of_type("aws_eks_node_group"):
        data, name = group.data, str(group.data.get("node_group_name") or group.name)
        scaling = data.get("scaling_config") or {}
        labels = {**(data.get("labels") or {}), "eks.amazonaws.com/nodegroup": name}
        labels["eks.amazonaws.com/capacityType"] = str(data.get("capacity_type") or "ON_DEMAND")
        gpu = "NVIDIA" in str(data.get("ami_type")) or "GPU" in str(data.get("ami_type"))
        gpu = gpu or any(GPU_MACHINES.match(str(t)) for t in data.get("instance_types") or [])
        taints = _taints(data.get("taint") or [])
        yield Pool(
            group,
            (),
            name,
            int(scaling.get("min_size", 0)),
            int(scaling.get("max_size", 0)),
            labels,
            taints,
            gpu,
            False,
        )


def _aks(stack: Stack) -> Iterator[Pool]:
    for aks in stack.of_type("azurerm_kubernetes_cluster"):
        default = aks.data.get("default_node_pool") or {}
        if isinstance(default, Mapping):
            yield _aks_pool(aks, ("default_node_pool",), default, True)
    for pool in stack.of_type("azurerm_kubernetes_cluster_node_pool"):
        yield _aks_pool(pool, (), pool.data, False)


def _aks_pool(resource: Resource, path: tuple[str, ...], data: Mapping[str, Any], system: bool) -> Pool:
    name = str(data.get("name"))
    labels = {**(data.get("node_labels") or {}), "kubernetes.azure.com/agentpool": name}
    taints = list(_taints(data.get("node_taints") or []))
    if data.get("priority") == "Spot":  # AKS taints and labels spot nodes itself (Azure docs, "spot node pools")
        labels["kubernetes.azure.com/scalesetpriority"] = "spot"
        spot = Taint("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule")
        taints += [] if spot in taints else [spot]
    if system and data.get("only_critical_addons_enabled"):
        taints.append(Taint(SYSTEM_TAINT, "true", "NoSchedule"))
    gpu = bool(GPU_MACHINES.match(str(data.get("vm_size"))))
    if gpu:
        labels["kubernetes.azure.com/accelerator"] = "nvidia"
    scaled = bool(data.get("auto_scaling_enabled"))
    minimum, maximum = (
        int(data.get("min_count") or data.get("node_count") or 0),
        int(data.get("max_count") or data.get("node_count") or 0),
    )
    return Pool(resource, path, name, minimum, maximum, labels, tuple(taints), gpu, scaled)


def _gke(stack: Stack) -> Iterator[Pool]:
    for pool in stack.of_type("google_container_node_pool"):
        config = pool.data.get("node_config") or {}
        name = str(pool.data.get("name"))
        labels = {**(config.get("labels") or {}), "cloud.google.com/gke-nodepool": name}
        if config.get("spot"):
            labels["cloud.google.com/gke-spot"] = "true"
        accelerators = [a for a in config.get("guest_accelerator") or [] if isinstance(a, Mapping)]
        if accelerators:
            labels["cloud.google.com/gke-accelerator"] = str(accelerators[0].get("type"))
        autoscaling = pool.data.get("autoscaling") or {}
        minimum = int(
            autoscaling.get("total_min_node_count")
            or autoscaling.get("min_node_count")
            or pool.data.get("node_count")
            or 0
        )
        maximum = int(autoscaling.get("total_max_node_count") or autoscaling.get("max_node_count") or minimum)
        yield Pool(
            pool,
            (),
            name,
            minimum,
            maximum,
            labels,
            _taints(config.get("taint") or []),
            bool(accelerators),
            bool(autoscaling),
        )


def tolerates(tolerations: Sequence[Any], taint: Taint) -> bool:
    """Whether a pod's ``tolerations`` tolerate ``taint`` (PreferNoSchedule taints need no toleration)."""
    if taint.effect == "PreferNoSchedule":
        return True
    for toleration in tolerations:
        if not isinstance(toleration, Mapping):
            continue
        effect = toleration.get("effect")
        if effect and effect != taint.effect:
            continue
        key, operator = toleration.get("key"), toleration.get("operator", "Equal")
        if operator == "Exists" and (not key or key == taint.key):
            return True
        if operator == "Equal" and key == taint.key and str(toleration.get("value") or "") == taint.value:
            return True
    return False


#: Well-known labels the kubelet sets on every node (kubernetes.io/docs/reference/labels-annotations-taints):
#: the stacks' pools are all Linux on x86-64 machine types.
KUBELET_LABELS: Mapping[str, str] = {"kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}


def selects(spec: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """Whether a pod spec's ``nodeSelector`` and required node affinity admit nodes with ``labels`` (and the
    labels every kubelet sets, :data:`KUBELET_LABELS`)."""
    labels = {**KUBELET_LABELS, **labels}
    if any(labels.get(k) != str(v) for k, v in (spec.get("nodeSelector") or {}).items()):
        return False
    terms = dig(spec, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
    if not terms:
        return True
    from fleetform.integrity.selectors import matches

    return any(
        matches({"matchExpressions": t.get("matchExpressions") or []}, labels) for t in terms if isinstance(t, Mapping)
    )
