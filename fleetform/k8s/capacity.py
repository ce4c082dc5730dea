"""How much node capacity the platform's workloads can need, and where they may run: the limits of
Karpenter's NodePools (EKS) and the spot tolerations per cloud.

The limits cover the HPA maxima: at peak every Deployment runs ``replicas.max`` pods, plus the rollout's
``maxSurge`` of 25 % while a release rolls out, each with its requests and (with the mesh) the Istio sidecar's;
the retraining CronJob adds one pod. Nodes have 10 % more capacity than that: kubelet and system reservations
and the DaemonSets (CNI, Istio CNI, node exporter, EBS CSI node) take a share of every node.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from fleetform.settings import Cluster
from fleetform.settings.quantity import parse_quantity

#: The Deployments' rolling update ``maxSurge`` (ServingDeployment): a rollout at peak runs 25 % more pods.
SURGE = Fraction(5, 4)
#: The istio-proxy sidecar's requests (Istio's global.proxy.resources defaults: 100m CPU, 128Mi).
SIDECAR_CPU, SIDECAR_MEMORY = Fraction(1, 10), Fraction(128 * 2**20)
#: Node capacity the pods' requests cannot use: kubelet/system reservations and DaemonSets (about 10 %).
NODE_OVERHEAD = Fraction(11, 10)
#: At most 30 % of node capacity may be spot (policy tf-spot-share, settings' spot_pool bounds).
SPOT_SHARE = Fraction(3, 10)
GIB = 2**30

#: The taint each cloud puts on spot nodes, if any (AKS: every spot pool; EKS and GKE spot nodes are untainted).
SPOT_TAINTS: dict[str, tuple[str, str]] = {"azure": ("kubernetes.azure.com/scalesetpriority", "spot")}


@dataclass(frozen=True)
class Peak:
    """What the platform's pods request at peak: ``cpu`` cores, ``memory`` GiB (node capacity, overhead
    included, rounded up), ``gpus`` (0 without GPU acceleration)."""

    cpu: int
    memory: int
    gpus: int

    def share(self, part: Fraction) -> Peak:
        """``part`` of this capacity, rounded up (the GPU count stays whole)."""
        return Peak(math.ceil(self.cpu * part), math.ceil(self.memory * part), math.ceil(self.gpus * part))


def peak(cluster: Cluster) -> Peak:
    """The node capacity of the HPA maxima (see the module's docstring). Production: 2 x ceil(50 x 1.25) = 126
    serving pods of 4 CPU + 0.1 (sidecar) and the retraining pod's 4.1 CPU: 520.7 CPU, 573 with the overhead."""
    env = cluster.env
    sidecar = (SIDECAR_CPU, SIDECAR_MEMORY) if env.mesh else (Fraction(0), Fraction(0))
    cpu = memory = Fraction(0)
    pods = 0
    for workload in (env.api, env.worker):
        count = math.ceil(workload.replicas.max * SURGE)
        cpu += count * (parse_quantity(workload.resources.requests.cpu) + sidecar[0])
        memory += count * (parse_quantity(workload.resources.requests.memory) + sidecar[1])
    gpus = math.ceil(env.worker.replicas.max * SURGE) * env.gpu.count if env.gpu.enabled else 0
    if env.retraining.enabled:
        pods = 1
        cpu += parse_quantity(env.retraining.resources.requests.cpu) + sidecar[0]
        memory += parse_quantity(env.retraining.resources.requests.memory) + sidecar[1]
        gpus += env.gpu.count * pods if env.gpu.enabled else 0
    return Peak(math.ceil(cpu * NODE_OVERHEAD), math.ceil(memory * NODE_OVERHEAD / GIB), gpus)


def spot_taint(cluster: Cluster) -> tuple[str, str] | None:
    """``(key, value)`` of the NoSchedule taint of the cluster's spot nodes, or None where they have none."""
    return SPOT_TAINTS.get(cluster.cloud.name)
