"""The output contract the Kubernetes side reads, and the pure-Python stack context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fleetform.settings import load_settings
from fleetform.terraform.outputs import OUTPUTS
from fleetform.terraform.synth import stack_contexts

REPO = Path(__file__).resolve().parents[2]


def test_every_cloud_has_the_same_outputs(stacks: dict[str, dict[str, Any]]) -> None:
    for name in ("aws-production", "azure-production", "gcp-production", "azure-dev"):
        assert sorted(stacks[name]["output"]) == sorted(OUTPUTS)
        assert stacks[name]["output"]["database_credentials"]["sensitive"] is True


def test_kubernetes_side_values() -> None:
    (ctx,) = stack_contexts(load_settings(REPO / "settings"), ["gcp-staging"])
    assert (ctx.stack_id, ctx.prefix, ctx.account, ctx.region, ctx.dr_region) == (
        "gcp-staging",
        "ml-platform-staging",
        "acme-ml-staging",
        "europe-west4",
        "europe-west1",
    )
    assert (ctx.private_subnets, ctx.public_subnets, ctx.data_subnets) == (
        ["10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"],
        ["10.30.96.0/24", "10.30.97.0/24", "10.30.98.0/24"],
        ["10.30.100.0/24", "10.30.101.0/24"],
    )
    assert ctx.labels == {
        "cost-center": "ml-platform",
        "environment": "staging",
        "managed-by": "fleetform",
        "owner": "ml-platform-team",
    }
    assert ctx.compact_name("models") == "mlplatformstagmodels"
    assert (ctx.model_bucket, ctx.dr_bucket) == (
        "ml-platform-staging-models-acme-ml-staging",
        "ml-platform-staging-dr-acme-ml-staging",
    )
    assert (ctx.env.high_availability, ctx.env.deletion_protection, ctx.env.disaster_recovery) == (True, False, False)
