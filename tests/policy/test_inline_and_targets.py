"""Variable inlining, and where targets come from."""

from __future__ import annotations

from pathlib import Path

from fleetform.policy import targets
from fleetform.policy.inline import inline_variables
from fleetform.policy.targets import ClusterRef, cluster_of, file_targets


def test_variables_are_inlined_in_order() -> None:
    assert inline_variables([("a", "object.x"), ("b", "variables.a + variables.a"), ("c", "variables.zz")]) == {
        "a": "object.x",
        "b": "(object.x) + (object.x)",
        "c": "variables.zz",
    }


def test_clusters_come_from_folders_or_file_names() -> None:
    assert cluster_of(Path("dist/k8s/aws-production/apps/ml-production/x.yaml")) == ClusterRef(
        "dist/k8s/aws-production", "aws", "production"
    )
    assert cluster_of(Path("policies/p/fail/gcp-dev.tf.json")) == ClusterRef(
        "policies/p/fail/gcp-dev.tf.json", "gcp", "dev"
    )
    assert cluster_of(Path("policies/p/pass/ok.yaml")) == ClusterRef("policies/p/pass/ok.yaml", None, None)


def test_a_large_file_shares_its_keys_and_keeps_its_values(tmp_path: Path) -> None:
    """A file of many documents over SHARE_KEYS_FROM: every document reads as a small file of it does, and
    the same key is one string object across documents (the memory a policy run holds for the file)."""
    one = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  big: '12345678901234567890'\n"
        "  ratio: '0.1'\n  nested: |\n    x: 1\n"
    )
    folder = tmp_path / "aws-dev"
    folder.mkdir()
    small, large = folder / "small.yaml", folder / "large.yaml"
    small.write_text(one)
    large.write_text(("---\n" + one) * (targets.SHARE_KEYS_FROM // len(one) + 1))
    found = file_targets(large)
    assert len(found) == targets.SHARE_KEYS_FROM // len(one) + 1
    assert all(target.data == file_targets(small)[0].data for target in found[:3])
    first, second = (next(iter(target.data)) for target in found[:2])
    assert first is second
