"""The optional parts, switched on in a settings copy: the GPU pool and the serverless option (GCP); and the mesh
switched off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fleetform.tfschema.check import check_stack
from tests.terraform.helpers import one, resources


@pytest.fixture(scope="module")
def variant(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["variant"]


def test_gpu_pool_matches_the_kubernetes_node_selector(variant: dict[str, Any]) -> None:
    pool = resources(variant, "google_container_node_pool")["pool-gpu"]
    assert pool["autoscaling"] == {"location_policy": "BALANCED", "total_max_node_count": 4, "total_min_node_count": 0}
    assert pool["node_config"]["guest_accelerator"] == [
        {"count": 1, "gpu_driver_installation_config": {"gpu_driver_version": "LATEST"}, "type": "nvidia-l4"}
    ]
    assert pool["node_config"]["taint"] == [{"effect": "NO_SCHEDULE", "key": "nvidia.com/gpu", "value": "true"}]


def test_serverless_api_is_internal_and_encrypted(variant: dict[str, Any]) -> None:
    run = one(variant, "google_cloud_run_v2_service")
    assert (run["ingress"], run["template"]["encryption_key"], run["deletion_protection"]) == (
        "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        "${google_kms_crypto_key.key.id}",
        True,
    )
    assert run["template"]["containers"][0]["image"] == (
        "ghcr.io/acme/ml-platform/api:1.4.2@sha256:3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c"
    )


def test_variant_is_schema_valid(stack_files: dict[str, Path]) -> None:
    assert check_stack(stack_files["variant"]) == []


def test_stacks_without_the_options_have_neither(stacks: dict[str, dict[str, Any]]) -> None:
    assert "pool-gpu" not in resources(stacks["gcp-production"], "google_container_node_pool")
    assert "google_cloud_run_v2_service" not in stacks["gcp-production"]["resource"]


def test_without_the_mesh_the_load_balancer_checks_the_api_itself(variant: dict[str, Any]) -> None:
    check = resources(variant, "google_compute_health_check")["ingress-health"]["http_health_check"]
    assert check == {"port": 8080, "port_specification": "USE_FIXED_PORT", "request_path": "/ready"}
    rules = resources(variant, "google_compute_firewall")
    assert sorted(rules) == ["allow-load-balancer", "deny-all-ingress"]
    assert rules["allow-load-balancer"]["allow"] == [{"protocol": "tcp", "ports": ["8080"]}]
