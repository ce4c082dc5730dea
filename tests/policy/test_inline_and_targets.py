"""Variable inlining, and where targets come from."""

from __future__ import annotations

from pathlib import Path

from fleetform.policy.inline import inline_variables
from fleetform.policy.targets import ClusterRef, cluster_of


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
