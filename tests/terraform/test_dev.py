"""A non-production stack: smaller, not deletion-protected, no DR, public API endpoint allowed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.terraform.helpers import one, resources


@pytest.fixture(scope="module")
def dev(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["azure-dev"]


def test_no_locks_no_dr_public_api(dev: dict[str, Any]) -> None:
    assert "azurerm_management_lock" not in dev["resource"]
    assert "azurerm_storage_object_replication" not in dev["resource"]
    assert sorted(resources(dev, "azurerm_resource_group")) == ["rg"]
    aks = one(dev, "azurerm_kubernetes_cluster")
    assert (aks["private_cluster_enabled"], aks["sku_tier"]) == (False, "Free")
    # The public endpoint admits only the networks of settings/environments/dev.yaml infra.api_allowed_cidrs.
    assert aks["api_server_access_profile"] == {
        "authorized_ip_ranges": ["203.0.113.0/24"],
        "subnet_id": "${azurerm_subnet.apiserver.id}",
        "virtual_network_integration_enabled": True,
    }
    # ... and so does the API server subnet's network security group (Azure denies the rest of the internet).
    rules = resources(dev, "azurerm_network_security_rule")
    assert {k: (r["source_address_prefix"], r["destination_port_range"]) for k, r in rules.items() if "api" in k} == {
        "nsg-apiserver-api-from-allowed-0": ("203.0.113.0/24", "443")
    }
    assert dev["output"]["dr_region"]["value"] == ""


def test_single_zone_data_and_small_pools(dev: dict[str, Any]) -> None:
    db = one(dev, "azurerm_postgresql_flexible_server")
    assert ("high_availability" not in db, db["geo_redundant_backup_enabled"], db["backup_retention_days"]) == (
        True,
        False,
        7,
    )
    pools = {
        name: (p["min_count"], p["max_count"])
        for name, p in resources(dev, "azurerm_kubernetes_cluster_node_pool").items()
    }
    assert pools == {"pool-app": (1, 4), "pool-spot": (0, 1)}
    assert one(dev, "azurerm_log_analytics_workspace")["retention_in_days"] == 30
