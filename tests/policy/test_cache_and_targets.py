"""The compiled-program cache, variable inlining, and where targets come from."""

from __future__ import annotations

from pathlib import Path

from fleetform.policy.inline import inline_variables
from fleetform.policy.k8scel.env import CelEngine, Outcome
from fleetform.policy.targets import ClusterRef, cluster_of


def test_cache_round_trip_and_corrupt_entries(tmp_path: Path) -> None:
    first = CelEngine(tmp_path)
    assert first.compile("object.x + 1").run(first.activation({"object": {"x": 1}})) == Outcome(value=2)
    entries = sorted(tmp_path.glob("*.bin"))
    assert len(entries) == 1
    second = CelEngine(tmp_path)
    assert second.compile("object.x + 1").run(second.activation({"object": {"x": 2}})) == Outcome(value=3)
    entries[0].write_bytes(b"not a program")
    third = CelEngine(tmp_path)
    assert third.compile("object.x + 1").run(third.activation({"object": {"x": 3}})) == Outcome(value=4)


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
