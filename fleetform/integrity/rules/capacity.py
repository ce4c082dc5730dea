"""integrity-capacity: the node pools of the stack can be used and grow.

A pool that may grow (max > min) has something that adds its nodes (the cloud's autoscaler on AKS and GKE;
Karpenter or the Cluster Autoscaler on EKS); a tainted pool (other than the system pool) is tolerated by a
workload that is not a DaemonSet, or it runs nothing; a GPU pool has a device plugin and a workload that
requests GPUs and fits it; a pod that requests GPUs fits a GPU pool; every pod of the tree fits some pool.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from fleetform.integrity import capabilities as cap
from fleetform.integrity.model import Cluster, Problem
from fleetform.integrity.pools import Pool, pools, selects, tolerates
from fleetform.integrity.selectors import Pod

ID = "integrity-capacity"
SUMMARY = "node pools can grow, their taints are tolerated, GPU pools have a device plugin and workloads that fit them"
GPU = "nvidia.com/gpu"


def check(cluster: Cluster) -> Iterator[Problem]:
    if cluster.stack is None:
        return
    found = pools(cluster.stack)
    if not found:
        return
    world = cluster.world
    autoscaler = world.has(cap.NODE_AUTOSCALER)
    for pool in found:
        if pool.maximum > pool.minimum and not pool.cloud_scaled and autoscaler is None:
            message = (
                f"pool {pool.name} may grow from {pool.minimum} to {pool.maximum} nodes but nothing adds them: "
                f"{cluster.id} installs no node autoscaler; expected a HelmRelease of chart karpenter or "
                "cluster-autoscaler"
            )
            yield Problem(pool.resource, message, pool.path)
        yield from _taints(cluster, pool)
        if pool.gpu:
            yield from _gpu_pool(cluster, pool)
    if autoscaler is None or "karpenter" not in autoscaler.by:  # Karpenter makes nodes to fit pods: no fixed pools
        yield from _unplaced(cluster, found)


def _fits(cluster: Cluster, pod: Pod, pool: Pool) -> bool:
    tolerations = list(pod.spec.get("tolerations") or [])
    if cluster.cloud == "gcp" and _gpus(pod):  # GKE's ExtendedResourceToleration admission adds it
        tolerations.append({"key": GPU, "operator": "Exists"})
    return selects(pod.spec, pool.labels) and all(tolerates(tolerations, t) for t in pool.taints)


def _taints(cluster: Cluster, pool: Pool) -> Iterator[Problem]:
    if pool.system or pool.gpu or not pool.taints:  # a GPU pool's taint: checked with its GPU workloads
        return
    workloads = [p for p in cluster.world.pods if p.kind != "DaemonSet" and p.spec]
    if not any(_fits(cluster, pod, pool) for pod in workloads):
        taints = ", ".join(t.text for t in pool.taints)
        message = (
            f"no workload of {cluster.id} tolerates taint {taints} of pool {pool.name} ({pool.minimum} to "
            f"{pool.maximum} nodes), so it runs only DaemonSets; expected a toleration on the workloads meant for "
            "it, or no taint"
        )
        yield Problem(pool.resource, message, pool.path)


def _gpu_pool(cluster: Cluster, pool: Pool) -> Iterator[Problem]:
    if cluster.world.has(cap.GPU_DEVICE_PLUGIN) is None:
        message = (
            f"GPU pool {pool.name} has no device plugin: nothing in {cluster.id} advertises {GPU}, so no pod can "
            "request its GPUs; expected a HelmRelease of chart nvidia-device-plugin that tolerates the pool's taints"
        )
        yield Problem(pool.resource, message, pool.path)
    if not any(_gpus(p) and _fits(cluster, p, pool) for p in cluster.world.pods):
        message = (
            f"no workload of {cluster.id} requests {GPU} and fits GPU pool {pool.name} (taints "
            f"{', '.join(t.text for t in pool.taints) or 'none'}, labels {_labels(pool.labels)}); "
            "expected the GPU workloads to tolerate its taints and select its nodes"
        )
        yield Problem(pool.resource, message, pool.path)


def _unplaced(cluster: Cluster, found: list[Pool]) -> Iterator[Problem]:
    for pod in cluster.world.pods:
        if pod.owner is None or any(_fits(cluster, pod, pool) for pool in found if pool.gpu or not _gpus(pod)):
            continue
        wanted = "GPU pool" if _gpus(pod) else "pool"
        message = (
            f"fits no {wanted} of the stack of {cluster.id} (nodeSelector "
            f"{_labels(pod.spec.get('nodeSelector') or {})}, tolerations {_tolerated(pod)}); expected node "
            "selectors and tolerations that match a pool"
        )
        yield Problem(pod.owner, message, (*pod.path, "spec"))


def _gpus(pod: Pod) -> bool:
    return any(GPU in ((c.get("resources") or {}).get("limits") or {}) for _, c in pod.containers())


def _labels(labels: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(labels.items())) or "none"


def _tolerated(pod: Pod) -> str:
    keys = [str(t.get("key") or "*") for t in pod.spec.get("tolerations") or [] if isinstance(t, Mapping)]
    return ", ".join(keys) or "none"
