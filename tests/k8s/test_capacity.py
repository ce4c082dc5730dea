"""Karpenter's constructs (snapshots, prop checks), the peak the NodePools' limits cover, and where the capacity
pieces land per cloud and setting."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.charts import values_problems
from fleetform.errors import PropError
from fleetform.k8s.capacity import Peak, peak
from fleetform.k8s.constructs.karpenter import NodeClass, NodePool
from fleetform.settings import load_settings
from fleetform.synth import synthesize
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

ROOT = Path(__file__).resolve().parents[2]
POOL: dict[str, Any] = dict(
    name="spot",
    labels=LABELS,
    node_class="default",
    capacity_type="spot",
    instance_types=["m6i.4xlarge", "m5.4xlarge"],
    limits={"cpu": "172", "memory": "341Gi"},
    node_labels={"pool": "spot", "capacity": "spot"},
)


def test_node_class_defaults() -> None:
    objs = synth(
        lambda c: NodeClass(
            c, "nc", name="default", labels=LABELS, role="ml-eks-node", discovery="ml-eks", tag="karpenter.sh/discovery"
        )
    )
    assert_snapshot("karpenter_node_class", objs)
    assert objs[0]["spec"]["subnetSelectorTerms"] == [{"tags": {"karpenter.sh/discovery": "ml-eks"}}]


def test_node_pool_defaults() -> None:
    objs = synth(lambda c: NodePool(c, "np", **POOL))
    assert_snapshot("karpenter_node_pool", objs)
    requirements = objs[0]["spec"]["template"]["spec"]["requirements"]
    assert requirements[1] == {
        "key": "node.kubernetes.io/instance-type",
        "operator": "In",
        "values": ["m5.4xlarge", "m6i.4xlarge"],
    }
    assert "weight" not in objs[0]["spec"] and "taints" not in objs[0]["spec"]["template"]["spec"]


def test_node_pool_taints_and_weight() -> None:
    objs = synth(lambda c: NodePool(c, "np", **{**POOL, "taints": [("nvidia.com/gpu", "true")], "weight": 100}))
    spec = objs[0]["spec"]
    assert spec["weight"] == 100
    assert spec["template"]["spec"]["taints"] == [{"key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"}]


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("capacity_type", "reserved", "NodePool 'spot': 'capacity_type' ('reserved') must be 'on-demand' or 'spot'"),
        ("instance_types", [], "NodePool 'spot': 'instance_types' ([]) must name at least one instance type"),
        ("weight", 0, "NodePool 'spot': 'weight' (0) must be between 1 and 100"),
    ],
)
def test_node_pool_rejects_bad_props(prop: str, value: Any, message: str) -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: NodePool(c, "np", **{**POOL, prop: value}))
    assert info.value.message == message


def test_peak_covers_the_hpa_maxima_the_rollout_surge_and_the_sidecars() -> None:
    clusters = {c.id: c for c in load_settings(ROOT / "settings").clusters()}
    # production: 2 x ceil(50 x 1.25) = 126 pods x (4 + 0.1) CPU + retraining 4.1 = 520.7, x 1.1 = 572.77;
    # 127 pods x (8 GiB + 128 MiB) = 1031.875 GiB, x 1.1 = 1135.06
    assert peak(clusters["aws-production"]) == Peak(cpu=573, memory=1136, gpus=0)
    # dev: 2 x ceil(3 x 1.25) = 8 pods x 4.1 CPU (no retraining) = 32.8, x 1.1 = 36.08
    assert peak(clusters["aws-dev"]) == Peak(cpu=37, memory=72, gpus=0)
    assert Peak(cpu=573, memory=1136, gpus=3).share(Fraction(3, 10)) == Peak(172, 341, 1)


def _load(tree: dict[str, bytes], path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load(tree[path])
    return obj


def test_gpu_acceleration_adds_the_device_plugin_and_a_gpu_node_pool(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(staging.read_text() + "gpu: {enabled: true}\n")
    tree = synthesize(settings_copy, terraform=False).tree
    for cluster, selector in (
        ("aws-staging", {"pool": "gpu"}),
        ("azure-staging", {"kubernetes.azure.com/agentpool": "gpu"}),
    ):
        release = _load(tree, f"k8s/{cluster}/controllers/nvidia-device-plugin/helmrelease-nvidia-device-plugin.yaml")
        chart = release["spec"]["chart"]["spec"]
        assert (chart["chart"], chart["version"]) == ("nvidia-device-plugin", "0.20.0")
        assert release["spec"]["values"] == {"nodeSelector": selector, "affinity": {}}
        assert values_problems(chart["chart"], chart["version"], release["spec"]["values"]) == []
        worker = _load(tree, f"k8s/{cluster}/apps/ml-staging/deployment-model-worker.yaml")["spec"]["template"]["spec"]
        assert worker["nodeSelector"] == selector
        assert worker["tolerations"] == [{"effect": "NoSchedule", "key": "nvidia.com/gpu", "operator": "Exists"}]
    # GKE runs NVIDIA's device plugin on its GPU nodes itself
    assert not [p for p in tree if p.startswith("k8s/gcp-staging/") and "nvidia" in p]
    gpu = _load(tree, "k8s/aws-staging/configs/nodepool-gpu.yaml")["spec"]
    assert gpu["limits"] == {"nvidia.com/gpu": "14"}  # ceil(10 x 1.25) = 13 workers + the retraining pod, 1 GPU each
    assert gpu["template"]["spec"]["taints"] == [{"key": "nvidia.com/gpu", "value": "true", "effect": "NoSchedule"}]
    assert gpu["template"]["metadata"]["labels"] == {"capacity": "on_demand", "pool": "gpu"}


def test_only_the_model_workers_tolerate_aks_spot_nodes() -> None:
    spot = {
        "effect": "NoSchedule",
        "key": "kubernetes.azure.com/scalesetpriority",
        "operator": "Equal",
        "value": "spot",
    }
    for env in ("dev", "staging", "production"):
        apps = ROOT / "dist/k8s" / f"azure-{env}" / "apps" / f"ml-{env}"
        worker = yaml.safe_load((apps / "deployment-model-worker.yaml").read_text(encoding="utf-8"))
        api = yaml.safe_load((apps / "deployment-api.yaml").read_text(encoding="utf-8"))
        assert worker["spec"]["template"]["spec"]["tolerations"] == [spot], env
        assert "tolerations" not in api["spec"]["template"]["spec"], env
    for cloud in ("aws", "gcp"):  # their spot nodes are not tainted
        worker = ROOT / "dist/k8s" / f"{cloud}-production/apps/ml-production/deployment-model-worker.yaml"
        assert "tolerations" not in yaml.safe_load(worker.read_text(encoding="utf-8"))["spec"]["template"]["spec"]


def test_karpenter_runs_on_eks_only_with_on_demand_tried_first() -> None:
    configs = ROOT / "dist/k8s/aws-production/configs"
    on_demand = yaml.safe_load((configs / "nodepool-on-demand.yaml").read_text(encoding="utf-8"))["spec"]
    spot = yaml.safe_load((configs / "nodepool-spot.yaml").read_text(encoding="utf-8"))["spec"]
    # 70 % and 30 % of the peak (573 CPU, 1136 GiB), each rounded up
    assert (on_demand["limits"], on_demand["weight"]) == ({"cpu": "402", "memory": "796Gi"}, 100)
    assert (spot["limits"], "weight" in spot) == ({"cpu": "172", "memory": "341Gi"}, False)
    for cloud in ("azure", "gcp"):
        assert not list((ROOT / "dist/k8s" / f"{cloud}-production").rglob("*karpenter*"))
