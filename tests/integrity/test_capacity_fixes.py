"""Issue 10's "capacity never arrives", on the platform's own output: the gate passes each cluster's tree as
synthesized, and flags the pre-fix shape made from it by taking the fix out again (Karpenter, the EBS CSI
add-on, the workers' spot toleration, the device plugin and the GPU workers' placement)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.integrity.api import check_paths
from fleetform.integrity.rules import RULES
from fleetform.settings import load_settings
from fleetform.synth import synthesize
from fleetform.terraform.synth import stack_contexts, synth_stacks

ROOT = Path(__file__).resolve().parents[2]
NO_WAIVERS = Path(__file__).resolve().parent / "fixtures" / "no-waivers.yaml"
TODAY = dt.date(2026, 11, 30)
CAPACITY = ("integrity-capacity",)
CONTROLLERS = ("integrity-controllers",)


def _copy(tmp_path: Path, cluster: str) -> Path:
    """The committed dist/ of ``cluster`` under ``tmp_path/dist``; the working directory is ``tmp_path``."""
    for half in ("k8s", "terraform"):
        shutil.copytree(ROOT / "dist" / half / cluster, tmp_path / "dist" / half / cluster)
    return tmp_path / "dist"


def _line(cluster: str, address: str, dist: Path = ROOT / "dist") -> int:
    """The line of resource ``address`` (``type.name``) in ``cluster``'s stack: where the gate locates it."""
    tf_type, name = address.split(".", 1)
    lines = (dist / "terraform" / cluster / "cdk.tf.json").read_text(encoding="utf-8").splitlines()
    start = lines.index(f'    "{tf_type}": {{')
    return next(i + 1 for i in range(start, len(lines)) if lines[i] == f'      "{name}": {{')


def _findings(rule_ids: tuple[str, ...], about: str) -> list[str]:
    """The findings of ``rule_ids`` on ``dist`` (in the working directory) whose object is ``about``."""
    rules = [rule for rule in RULES if rule.ID in rule_ids]
    report = check_paths([Path("dist")], waivers=NO_WAIVERS, today=TODAY, rules=rules)
    return [f.text for f in report.findings if f.object == about or f.object.startswith(about)]


def _edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def _no_tolerations(doc: dict[str, Any]) -> None:
    del doc["spec"]["template"]["spec"]["tolerations"]


def _no_job_tolerations(doc: dict[str, Any]) -> None:
    del doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]["tolerations"]


def test_karpenter_makes_the_eks_node_groups_growable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = _copy(tmp_path, "aws-dev")
    monkeypatch.chdir(tmp_path)
    assert _findings(CAPACITY, "aws_eks_node_group.") == []
    (dist / "k8s/aws-dev/controllers/karpenter/helmrelease-karpenter.yaml").unlink()
    grow = "nodes but nothing adds them: aws-dev installs no node autoscaler; expected a HelmRelease of chart karpenter"
    assert _findings(CAPACITY, "aws_eks_node_group.") == [
        f"dist/terraform/aws-dev/cdk.tf.json:{_line('aws-dev', 'aws_eks_node_group.nodes-app')}: "
        f"aws_eks_node_group.nodes-app: [integrity-capacity] pool app may "
        f"grow from 1 to 4 {grow} or cluster-autoscaler",
        f"dist/terraform/aws-dev/cdk.tf.json:{_line('aws-dev', 'aws_eks_node_group.nodes-spot')}: "
        f"aws_eks_node_group.nodes-spot: [integrity-capacity] pool spot may "
        f"grow from 0 to 1 {grow} or cluster-autoscaler",
        f"dist/terraform/aws-dev/cdk.tf.json:{_line('aws-dev', 'aws_eks_node_group.nodes-system')}: "
        f"aws_eks_node_group.nodes-system: [integrity-capacity] pool system "
        f"may grow from 1 to 3 {grow} or cluster-autoscaler",
    ]


def test_the_ebs_csi_add_on_provisions_the_ssd_storage_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = _copy(tmp_path, "aws-dev")
    monkeypatch.chdir(tmp_path)
    storage_class = "storage.k8s.io/v1 StorageClass ml-ssd"
    assert _findings(CONTROLLERS, storage_class) == []
    stack = dist / "terraform/aws-dev/cdk.tf.json"
    document = json.loads(stack.read_text(encoding="utf-8"))
    del document["resource"]["aws_eks_addon"]["ebs-csi"]
    stack.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert _findings(CONTROLLERS, storage_class) == [
        "dist/k8s/aws-dev/apps/storageclass-ml-ssd.yaml:15: storage.k8s.io/v1 StorageClass ml-ssd: "
        "[integrity-controllers] provisioner: provisioner ebs.csi.aws.com: nothing in aws-dev serves it; expected "
        "the CSI driver ebs.csi.aws.com (on EKS: its aws_eks_addon in the stack)"
    ]


def test_the_model_workers_tolerate_the_aks_spot_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = _copy(tmp_path, "azure-dev")
    monkeypatch.chdir(tmp_path)
    pool = "azurerm_kubernetes_cluster_node_pool.pool-spot"
    assert _findings(CAPACITY, pool) == []
    _edit_yaml(dist / "k8s/azure-dev/apps/ml-dev/deployment-model-worker.yaml", _no_tolerations)
    assert _findings(CAPACITY, pool) == [
        f"dist/terraform/azure-dev/cdk.tf.json:{_line('azure-dev', 'azurerm_kubernetes_cluster_node_pool.pool-spot')}: "
        "azurerm_kubernetes_cluster_node_pool.pool-spot: "
        "[integrity-capacity] no workload of azure-dev tolerates taint kubernetes.azure.com/scalesetpriority=spot:"
        "NoSchedule of pool spot (0 to 1 nodes), so it runs only DaemonSets; expected a toleration on the workloads "
        "meant for it, or no taint"
    ]


@pytest.fixture(scope="module")
def gpu_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """aws-staging and azure-staging with GPU acceleration on (both halves), under ``<tmp>/dist``."""
    root = tmp_path_factory.mktemp("gpu")
    settings = root / "settings"
    shutil.copytree(ROOT / "settings", settings)
    staging = settings / "environments" / "staging.yaml"
    staging.write_text(staging.read_text(encoding="utf-8") + "gpu: {enabled: true}\n", encoding="utf-8")
    clusters = ["aws-staging", "azure-staging"]
    tree = synthesize(settings, out=root / "dist", terraform=False).tree
    stacks = synth_stacks(stack_contexts(load_settings(settings), clusters))
    for path, data in tree.items():
        if any(path.startswith(f"k8s/{cluster}/") for cluster in clusters):
            (root / "dist" / path).parent.mkdir(parents=True, exist_ok=True)
            (root / "dist" / path).write_bytes(data)
    for cluster, data in stacks.items():
        (root / "dist/terraform" / cluster).mkdir(parents=True)
        (root / "dist/terraform" / cluster / "cdk.tf.json").write_bytes(data)
    return root / "dist"


GPU_POOLS = {
    "aws-staging": "aws_eks_node_group.nodes-gpu",
    "azure-staging": "azurerm_kubernetes_cluster_node_pool.pool-gpu",
}
#: Each GPU pool's nodes' labels as the gate sees them.
GPU_LABELS = {
    "aws-staging": "capacity=on_demand, eks.amazonaws.com/capacityType=ON_DEMAND, eks.amazonaws.com/nodegroup=gpu, "
    "pool=gpu",
    "azure-staging": "capacity=on-demand, kubernetes.azure.com/accelerator=nvidia, kubernetes.azure.com/agentpool=gpu, "
    "pool=gpu",
}


@pytest.mark.parametrize("cluster", sorted(GPU_POOLS))
def test_gpu_pools_get_the_device_plugin(
    cluster: str, gpu_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(gpu_dist, tmp_path / "dist")
    monkeypatch.chdir(tmp_path)
    assert _findings(CAPACITY, GPU_POOLS[cluster]) == []
    (tmp_path / f"dist/k8s/{cluster}/controllers/nvidia-device-plugin/helmrelease-nvidia-device-plugin.yaml").unlink()
    line = _line(cluster, GPU_POOLS[cluster], tmp_path / "dist")
    assert _findings(CAPACITY, GPU_POOLS[cluster]) == [
        f"dist/terraform/{cluster}/cdk.tf.json:{line}: {GPU_POOLS[cluster]}: [integrity-capacity] GPU "
        f"pool gpu has no device plugin: nothing in {cluster} advertises nvidia.com/gpu, so no pod can request its "
        "GPUs; expected a HelmRelease of chart nvidia-device-plugin that tolerates the pool's taints"
    ]


@pytest.mark.parametrize("cluster", sorted(GPU_POOLS))
def test_gpu_workloads_tolerate_and_select_the_gpu_pool(
    cluster: str, gpu_dist: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(gpu_dist, tmp_path / "dist")
    monkeypatch.chdir(tmp_path)
    apps = tmp_path / f"dist/k8s/{cluster}/apps/ml-staging"
    _edit_yaml(apps / "deployment-model-worker.yaml", _no_tolerations)
    _edit_yaml(apps / "cronjob-retraining.yaml", _no_job_tolerations)
    line = _line(cluster, GPU_POOLS[cluster], tmp_path / "dist")
    assert _findings(CAPACITY, GPU_POOLS[cluster]) == [
        f"dist/terraform/{cluster}/cdk.tf.json:{line}: {GPU_POOLS[cluster]}: [integrity-capacity] no "
        f"workload of {cluster} requests nvidia.com/gpu and fits GPU pool gpu (taints nvidia.com/gpu=true:NoSchedule, "
        f"labels {GPU_LABELS[cluster]}); expected the GPU workloads to tolerate its taints and select its nodes"
    ]
