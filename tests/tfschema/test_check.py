"""check_stack: exact findings on a hand-written stack, and no findings on the synthesized snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.findings.finding import Finding
from fleetform.tfschema import check
from fleetform.tfschema.check import check_stack

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parents[1] / "terraform" / "snapshots"


def test_every_kind_of_problem_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    assert [f.text for f in check_stack(Path("bad.cdk.tf.json"))] == [
        "bad.cdk.tf.json:6: provider.aws is invalid: regoin: unknown argument",
        'bad.cdk.tf.json:14: aws_vpc.vpc is invalid: enable_dns_hostnames: "yes" is not of type bool',
        'bad.cdk.tf.json:15: aws_vpc.vpc is invalid: tags: ["a"] is not of type map(string)',
        "bad.cdk.tf.json:19: aws_eks_node_group.app is invalid: cluster_name: missing required argument",
        'bad.cdk.tf.json:24: aws_eks_node_group.app is invalid: scaling_config.max_size: "three" is not of type number',
        "bad.cdk.tf.json:29: aws_eks_node_group.app is invalid: taint[1].colour: unknown argument",
        "bad.cdk.tf.json:31: aws_eks_node_group.app is invalid: launch_templates: unknown nested block",
        "bad.cdk.tf.json:36: azurerm_kubernetes_cluster.aks is invalid: node_provisioning_profile: "
        "missing required block",
        "bad.cdk.tf.json:42: azurerm_kubernetes_cluster.aks is invalid: dynamic.identity.content.idenity_ids: "
        "unknown argument",
        "bad.cdk.tf.json:43: azurerm_kubernetes_cluster.aks is invalid: dynamic.wings: unknown nested block",
        'bad.cdk.tf.json:52: google_storage_bucket.models is invalid: encryption: "cmek" is not a block (JSON object)',
        "bad.cdk.tf.json:56: google_teleporter.t is invalid: unknown resource type 'google_teleporter' in "
        "hashicorp/google 8.7.0",
        "bad.cdk.tf.json:59: random_password.db is invalid: no bundled schema for provider 'random'; expected "
        "one of: aws, azurerm, google",
        "bad.cdk.tf.json:67: data.aws_caller_identity.current is invalid: account: unknown argument",
        "bad.cdk.tf.json:72: terraform is invalid: required_providers.aws.version: 6.0.0 differs from the "
        "bundled hashicorp/aws 6.69.1 schema; expected the pinned version (fleetform tfschema regenerate after "
        "an upgrade)",
    ]


def test_findings_are_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    assert check_stack(Path("bad.cdk.tf.json"))[3] == Finding(
        file="bad.cdk.tf.json",
        line=19,
        object="aws_eks_node_group.app",
        path="cluster_name",
        message="missing required argument",
    )


@pytest.mark.parametrize("snapshot", sorted(p.name for p in SNAPSHOTS.glob("*.cdk.tf.json")))
def test_synthesized_stacks_are_schema_valid(snapshot: str) -> None:
    assert check_stack(SNAPSHOTS / snapshot) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"resource": {"aws_vpc": {"v": {,}}}}', "1: (file) is invalid: invalid JSON: expected a string key"),
        (b'{"resource": {}}\n\n{}', "3: (file) is invalid: invalid JSON: extra data after the document"),
        (b"[1, 2]", "1: (file) is invalid: the top level is not a JSON object"),
        (b'{"a": "\xff"}', "1: (file) is invalid: not UTF-8 text"),
        (
            b'{"resource": [1, 2]}',
            "1: resource is invalid: [1, 2] is not a JSON object; expected resource types by name",
        ),
        (
            b'{"resource": {"aws_s3_bucket": 7}}',
            "1: aws_s3_bucket is invalid: 7 is not a JSON object; expected resource blocks by name",
        ),
        (
            b'{"terraform": {"required_providers": []}}',
            "1: terraform is invalid: required_providers: [] is not a JSON object; expected providers by name",
        ),
        (b'{"provider": 5}', "1: provider is invalid: 5 is not a JSON object; expected provider blocks by name"),
        (
            b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            "1: (file) is invalid: invalid JSON: nested more than 200 levels deep",
        ),
        (
            b'{"a": ' + b"9" * 4301 + b"}",
            "1: (file) is invalid: invalid JSON: a number of 4301 characters (at most 4300)",
        ),
        (b'{"a": "\\x"}', "1: (file) is invalid: invalid JSON: Invalid \\escape"),
        (b'{"resource": {"aws_vpc": {"v": {"cidr_block": "${var.cidr}", "tags": "${local.tags}"}}}}', None),
    ],
    ids=[
        "bad-key",
        "extra-data",
        "top-level-list",
        "not-utf8",
        "resource-list",
        "resource-type-number",
        "required-providers-list",
        "provider-number",
        "100k-deep",
        "4301-digits",
        "bad-escape",
        "expressions",
    ],
)
def test_bad_files_give_one_finding(tmp_path: Path, content: bytes, expected: str | None) -> None:
    path = tmp_path / "cdk.tf.json"
    path.write_bytes(content)
    findings = [f.text for f in check_stack(path)]
    if expected is None:
        assert findings == []
    else:
        assert findings == [f"{path}:{expected}"]


def test_oversized_file_is_reported_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "MAX_BYTES", 10)
    path = tmp_path / "cdk.tf.json"
    path.write_text('{"resource": {}}', encoding="utf-8")
    assert [f.text for f in check_stack(path)] == [
        f"{path}: (file) is invalid: 16 bytes is larger than the 10 byte limit"
    ]


def test_missing_file_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "gone.cdk.tf.json"
    assert [f.text for f in check_stack(path)] == [f"{path}: (file) is invalid: cannot read: No such file or directory"]
