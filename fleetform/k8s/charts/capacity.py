"""What gives the cluster its nodes, added to the layer charts: Karpenter on EKS (its release in the
``controllers`` layer, its EC2NodeClass and NodePools in ``configs``, which needs its CRDs), and the NVIDIA
device plugin where GPU acceleration is on and the cloud does not run one itself (GKE does).

Why Karpenter rather than the Cluster Autoscaler on EKS: the Cluster Autoscaler can only grow the managed node
groups the stack declares, one instance type each, group by group; Karpenter launches the instance that fits
the pending pods directly (any of the settings' machine types, on-demand or spot), is told of spot reclaims
ahead of time (the interruption queue) and consolidates underused nodes. The managed node groups keep their
minimum size as the always-on floor (Karpenter runs there, on the ``system`` group) and Karpenter adds nodes
above it.

Karpenter's NodePools:

- ``on-demand`` (weight 100, tried first): ``machines.app``, up to 70 % of :func:`fleetform.k8s.capacity.peak`;
- ``spot``: ``machines.spot``, up to the other 30 %: spot is used only once on-demand is at its limit, so it is
  never more than 30 % of what Karpenter runs (policy tf-spot-share's bound), and a mass reclaim at peak leaves
  the on-demand 70 % (and the managed groups' floor) running;
- ``gpu`` (GPU acceleration on): ``machines.gpu``, tainted ``nvidia.com/gpu``, up to the GPUs of the peak.

Node labels repeat the managed groups' (``pool``, ``capacity``), so a selector matches both kinds of nodes.
"""

from __future__ import annotations

from fleetform.clouds.aws import cluster_name
from fleetform.clouds.aws_capacity import (
    DISCOVERY_TAG,
    KARPENTER,
    interruption_queue,
    karpenter_role_arn,
    node_role,
)
from fleetform.k8s.capacity import SPOT_SHARE, Peak, peak
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.constructs.controller_network_policies import Flows
from fleetform.k8s.constructs.karpenter import NodeClass, NodePool
from fleetform.k8s.constructs.namespace import PssLevel

KARPENTER_REPOSITORY = ("karpenter", "oci://public.ecr.aws/karpenter")
NVIDIA = "nvidia-device-plugin"
NVIDIA_REPOSITORY = ("nvidia", "https://nvidia.github.io/k8s-device-plugin")
NODE_CLASS = "default"
#: Karpenter's controller: upstream's getting-started sizing (1 CPU, 1 GiB, requests = limits).
KARPENTER_RESOURCES = {"requests": {"cpu": "1", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1Gi"}}


def uses_karpenter(chart: LayerChart) -> bool:
    return chart.cluster.cloud.name == "aws"


def uses_device_plugin(chart: LayerChart) -> bool:
    """GPU acceleration on, outside GKE (which installs NVIDIA's device plugin on its GPU nodes itself)."""
    return chart.cluster.env.gpu.enabled and chart.cluster.cloud.name != "gcp"


def add_capacity_controllers(chart: LayerChart) -> None:
    """Karpenter (EKS) and the NVIDIA device plugin (GPU), each in a namespace of its own with its firewall."""
    cluster = chart.cluster
    charts = cluster.platform.charts
    if uses_karpenter(chart):
        site = cluster.site
        annotations = cluster.cloud.service_account_annotations(karpenter_role_arn(site))
        values = {
            "settings": {"clusterName": cluster_name(site), "interruptionQueue": interruption_queue(site)},
            "serviceAccount": {"create": True, "name": KARPENTER, "annotations": annotations},
            "controller": {"resources": KARPENTER_RESOURCES},
        }
        _install(chart, KARPENTER, "restricted", KARPENTER_REPOSITORY, "karpenter", charts.karpenter, values)
    if uses_device_plugin(chart):
        # The chart's default affinity wants Node Feature Discovery's labels, which nothing here sets: the
        # plugin runs on the nodes the GPU workloads select instead (its default tolerations cover the taint).
        values = {"nodeSelector": dict(sorted(cluster.cloud_settings.gpu.node_selector.items())), "affinity": {}}
        _install(chart, NVIDIA, "privileged", NVIDIA_REPOSITORY, NVIDIA, charts.nvidia_device_plugin, values)


def _install(
    chart: LayerChart,
    name: str,
    level: PssLevel,
    repository: tuple[str, str],
    chart_name: str,
    version: str,
    values: dict[str, object],
) -> None:
    """``level``: Pod Security of the namespace (the device plugin mounts the kubelet's socket directory)."""
    flows = Flows(internet_ports=(443,)) if name == KARPENTER else Flows()  # Karpenter calls the AWS APIs
    chart.controller_namespace(name, level, flows)
    repo, url = repository
    chart.repository(repo, url)
    chart.release(name, name, chart_name, version, repo, values)


def add_node_pools(chart: LayerChart) -> None:
    """Karpenter's EC2NodeClass and NodePools (see the module's docstring); nothing off EKS."""
    if not uses_karpenter(chart):
        return
    cluster = chart.cluster
    site, machines, labels = cluster.site, cluster.cloud_settings.infra.machines, chart.labels_for("capacity")
    NodeClass(
        chart,
        "node-class",
        name=NODE_CLASS,
        labels=labels,
        role=node_role(site),
        discovery=cluster_name(site),
        tag=DISCOVERY_TAG,
    )
    need = peak(cluster)
    on_demand, spot = need.share(1 - SPOT_SHARE), need.share(SPOT_SHARE)
    pools: list[tuple[str, str, str, list[str], dict[str, str], tuple[tuple[str, str], ...], int | None]] = [
        ("on-demand", "app", "on-demand", [machines.app], _limits(on_demand), (), 100),
        ("spot", "spot", "spot", list(machines.spot), _limits(spot), (), None),
    ]
    if cluster.env.gpu.enabled:
        gpu = {"nvidia.com/gpu": str(need.gpus)}
        pools.append(("gpu", "gpu", "on-demand", [machines.gpu], gpu, (("nvidia.com/gpu", "true"),), None))
    for name, pool, capacity, types, limits, taints, weight in pools:
        NodePool(
            chart,
            f"node-pool-{name}",
            name=name,
            labels=labels,
            node_class=NODE_CLASS,
            capacity_type=capacity,
            instance_types=types,
            limits=limits,
            node_labels={"pool": pool, "capacity": capacity.replace("-", "_")},
            taints=taints,
            weight=weight,
        )


def _limits(share: Peak) -> dict[str, str]:
    return {"cpu": str(share.cpu), "memory": f"{share.memory}Gi"}
