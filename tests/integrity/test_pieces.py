"""The gate's parts: reading a tree into clusters, lines of findings, PromQL aggregations, label selectors,
Terraform references, node pools, waivers of gate rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.integrity.api import check_paths, check_tree
from fleetform.integrity.load import clusters_from_tree
from fleetform.integrity.model import Resource, Stack
from fleetform.integrity.pools import Taint, pools, selects, tolerates
from fleetform.integrity.promql import Aggregation, Selector, aggregations
from fleetform.integrity.selectors import describe, matches
from fleetform.policy.api import check_paths as check_policies
from tests.policy.helpers import write_file

TODAY = dt.date(2026, 11, 30)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SECRET_CASE = FIXTURES / "secret-nothing-creates"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_two_halves_of_a_cluster_are_one_cluster() -> None:
    tree = {
        "k8s/aws-dev/a.yaml": b"apiVersion: v1\nkind: Namespace\nmetadata: {name: ml-dev}\n",
        "terraform/aws-dev/cdk.tf.json": json.dumps(
            {"resource": {"aws_vpc": {"vpc": {"cidr_block": "10.0.0.0/16"}}}}
        ).encode(),
        "k8s/gcp-dev/a.yaml": b"apiVersion: v1\nkind: Namespace\nmetadata: {name: ml-dev}\n",
        "manifest.json": b"{}",
    }
    clusters = clusters_from_tree(tree, TODAY)
    assert [(c.id, c.cloud, c.environment, len(c.objects), c.stack is not None) for c in clusters] == [
        ("aws-dev", "aws", "dev", 1, True),
        ("gcp-dev", "gcp", "dev", 1, False),
    ]
    stack = clusters[0].stack
    assert stack is not None and [(r.file, r.label) for r in stack.of_type("aws_vpc")] == [
        ("dist/terraform/aws-dev/cdk.tf.json", "aws_vpc.vpc")
    ]


def test_an_in_memory_tree_gives_the_findings_the_same_tree_gives_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    waivers = FIXTURES / "no-waivers.yaml"
    in_memory = check_tree(_tree(SECRET_CASE / "dist"), waivers=waivers, today=TODAY)
    monkeypatch.chdir(SECRET_CASE)
    on_disk = check_paths([Path("dist")], waivers=waivers, today=TODAY)
    assert [f.text for f in in_memory.findings] == [f.text for f in on_disk.findings]
    assert [f.line for f in on_disk.findings] == [18]  # the line of secretKeyRef.name, not of the document


def test_summary_counts_rules_clusters_objects_and_waivers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SECRET_CASE)
    report = check_paths([Path("dist")], waivers=FIXTURES / "no-waivers.yaml", today=TODAY)
    assert report.summary == "8 rules, 1 clusters, 2 objects: 1 findings, 0 waived, 0 expired waivers, 0 unused waivers"
    assert report.failed()


def test_a_gate_waiver_waives_and_expires_like_a_policy_waiver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - {id: secret, policy: integrity-refs, objects: ['apps/v1 Deployment ml-dev/api'], reason: r, owner: o,"
        " expires: 2026-12-31}\n"
    )
    monkeypatch.chdir(SECRET_CASE)
    report = check_paths([Path("dist")], waivers=waivers, today=TODAY)
    assert (report.findings, [w.waiver for w in report.waived], report.failed()) == ((), ["secret"], False)
    expired = check_paths([Path("dist")], waivers=waivers, today=dt.date(2027, 1, 1))
    assert [p.text for p in expired.waiver_problems] == [
        f"{waivers.as_posix()}:2: waiver secret (integrity-refs, owner o): expired on 2026-12-31"
    ]
    assert expired.failed()


def test_a_waiver_naming_no_gate_rule_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - {id: a, policy: integrity-nothing, objects: [x], reason: r, owner: o, expires: 2027-01-01}\n"
    )
    monkeypatch.chdir(SECRET_CASE)
    with pytest.raises(UserError) as info:
        check_paths([Path("dist")], waivers=waivers, today=TODAY)
    assert info.value.message == (
        f"{waivers.as_posix()}:2: policy: no gate rule 'integrity-nothing'; expected one of integrity-alerts, "
        "integrity-capacity, integrity-controllers, integrity-halves, integrity-helm-values, integrity-refs, "
        "integrity-selectors, integrity-versions"
    )


def test_the_policy_run_leaves_gate_waivers_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "dist/k8s/aws-dev/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    write_file(tmp_path, "policies/.keep", "")
    write_file(
        tmp_path,
        "waivers.yaml",
        "waivers:\n  - {id: a, policy: integrity-refs, objects: [x], reason: r, owner: o, expires: 2027-01-01}\n",
    )
    report = check_policies([Path("dist")], policies_dir=Path("policies"), waivers=Path("waivers.yaml"), today=TODAY)
    assert report.waiver_problems == ()


def test_promql_aggregations_and_their_selectors() -> None:
    expr = (
        'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="ml-dev",container!=""}[5m]))\n'
        '  / sum(kube_pod_container_resource_limits{resource="cpu"}) without (container) > 0.9\n'
        "  and on (pod) histogram_quantile(0.9, sum by (le) (rate(http_seconds_bucket[5m])))"
    )
    assert aggregations(expr) == [
        Aggregation(
            "sum",
            "by",
            ("pod",),
            (Selector("container_cpu_usage_seconds_total", (("namespace", "=", "ml-dev"), ("container", "!=", ""))),),
        ),
        Aggregation(
            "sum",
            "without",
            ("container",),
            (Selector("kube_pod_container_resource_limits", (("resource", "=", "cpu"),)),),
        ),
        Aggregation("sum", "by", ("le",), (Selector("http_seconds_bucket", ()),)),
    ]


@pytest.mark.parametrize(
    ("selector", "selected"),
    [
        ({}, True),
        ({"matchLabels": {"app": "api"}}, True),
        ({"matchLabels": {"app": "worker"}}, False),
        ({"matchExpressions": [{"key": "app", "operator": "In", "values": ["api", "worker"]}]}, True),
        ({"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["api"]}]}, False),
        ({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, True),
        ({"matchExpressions": [{"key": "tier", "operator": "Exists"}]}, False),
    ],
)
def test_label_selectors(selector: dict[str, object], selected: bool) -> None:
    assert matches(selector, {"app": "api"}) is selected


def test_selectors_are_described_the_way_messages_show_them() -> None:
    selector = {
        "matchLabels": {"b": "2", "a": "1"},
        "matchExpressions": [{"key": "c", "operator": "In", "values": ["x"]}],
    }
    assert describe(selector) == "a=1, b=2, c In (x)"
    assert describe({"app": "api"}) == "app=api"
    assert describe({}) == "everything"


def test_stack_references_resolve_to_literal_arguments_only() -> None:
    bucket = Resource("f", 3, "aws_s3_bucket", "dr", {"bucket": "dr-bucket"})
    stack = Stack("f", {"provider": {"aws": [{"region": "us-east-1"}]}}, [bucket])
    assert stack.resolve("${aws_s3_bucket.dr.bucket}/velero") == "dr-bucket/velero"
    assert stack.resolve("${aws_s3_bucket.dr.arn}") is None  # computed by the cloud
    assert stack.resolve('${replace(aws_s3_bucket.dr.bucket, "-", "")}') is None
    assert [r.label for r in stack.referenced({"a": ["${aws_s3_bucket.dr.id}"]})] == ["aws_s3_bucket.dr"]
    assert stack.provider("aws") == {"region": "us-east-1"}
    assert stack.provider("google") == {}


def test_pools_carry_the_labels_and_taints_the_cloud_adds() -> None:
    spot = {"name": "spot", "priority": "Spot", "auto_scaling_enabled": True, "min_count": 0, "max_count": 2}
    system = {"name": "system", "only_critical_addons_enabled": True, "node_count": 3}
    stack = Stack(
        "f",
        {},
        [
            Resource("f", 1, "azurerm_kubernetes_cluster", "aks", {"default_node_pool": system}),
            Resource("f", 9, "azurerm_kubernetes_cluster_node_pool", "spot", spot),
        ],
    )
    found = [(p.name, p.minimum, p.maximum, dict(p.labels), p.taints, p.system, p.cloud_scaled) for p in pools(stack)]
    assert found == [
        (
            "system",
            3,
            3,
            {"kubernetes.azure.com/agentpool": "system"},
            (Taint("CriticalAddonsOnly", "true", "NoSchedule"),),
            True,
            False,
        ),
        (
            "spot",
            0,
            2,
            {"kubernetes.azure.com/agentpool": "spot", "kubernetes.azure.com/scalesetpriority": "spot"},
            (Taint("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule"),),
            False,
            True,
        ),
    ]


@pytest.mark.parametrize(
    ("tolerations", "tolerated"),
    [
        ([], False),
        ([{"operator": "Exists"}], True),
        ([{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}], True),
        ([{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoExecute"}], False),
        ([{"key": "nvidia.com/gpu", "value": "true"}], True),
        ([{"key": "nvidia.com/gpu", "value": "false"}], False),
    ],
)
def test_tolerations(tolerations: list[dict[str, str]], tolerated: bool) -> None:
    assert tolerates(tolerations, Taint("nvidia.com/gpu", "true", "NoSchedule")) is tolerated


def test_node_selection() -> None:
    labels = {"pool": "gpu", "eks.amazonaws.com/nodegroup": "gpu"}
    assert selects({"nodeSelector": {"pool": "gpu"}}, labels)
    assert not selects({"nodeSelector": {"pool": "app"}}, labels)
    required = {"nodeSelectorTerms": [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["app"]}]}]}
    assert not selects(
        {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": required}}}, labels
    )


def test_cached_results_follow_the_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run reads a cluster's findings from the parse cache; an edited file is checked again."""
    case = tmp_path / "case"
    for source in sorted((SECRET_CASE / "dist").rglob("*.yaml")):
        target = case / "dist" / source.relative_to(SECRET_CASE / "dist")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    monkeypatch.chdir(case)

    def run() -> list[str]:
        report = check_paths(
            [Path("dist")], waivers=FIXTURES / "no-waivers.yaml", today=TODAY, parse_cache_dir=tmp_path / "c"
        )
        return [f.text for f in report.findings]

    first = run()
    assert run() == first != []
    manifest = case / "dist/k8s/aws-dev/apps/ml-dev.yaml"
    manifest.write_text(manifest.read_text().replace("ml-platform-connections", "ml-platform-settings"))
    assert [text.split("secretKeyRef.name: ")[1].split(" (")[0] for text in run()] == [
        "Secret ml-dev/ml-platform-settings"
    ]
