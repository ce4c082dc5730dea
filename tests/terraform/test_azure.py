"""The platform's promises in the Azure production stack."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform.tfschema.schema import load_schema
from tests.terraform.helpers import literal_secrets, one, resources, spot_shares

TAGS = {
    "cost-center": "ml-platform",
    "environment": "production",
    "managed-by": "fleetform",
    "owner": "ml-platform-team",
}
KEY = "${azurerm_key_vault_key.kv-key.versionless_id}"
CMK_IDENTITY = "${azurerm_user_assigned_identity.kv-identity.id}"


@pytest.fixture(scope="module")
def azure(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["azure-production"]


def test_backend_and_pinned_provider(azure: dict[str, Any]) -> None:
    assert azure["terraform"] == {
        "backend": {
            "azurerm": {
                "container_name": "tfstate",
                "key": "azure-production.tfstate",
                "resource_group_name": "acme-ml-platform-tfstate",
                "storage_account_name": "acmemlplatformtfstate",
                "use_azuread_auth": True,
            }
        },
        "required_providers": {"azurerm": {"source": "azurerm", "version": "5.10.0"}},
        "required_version": ">= 1.11.0, < 2.0.0",
    }


def test_every_taggable_resource_is_tagged(azure: dict[str, Any]) -> None:
    schema = load_schema("azurerm")
    assert schema is not None
    untagged = [
        f"{rtype}.{name}"
        for rtype, objects in azure["resource"].items()
        if "tags" in schema.block(schema.resources[rtype]).attributes
        for name, body in objects.items()
        if body.get("tags") != TAGS
    ]
    assert untagged == []


def test_data_is_encrypted_with_the_customer_key(azure: dict[str, Any]) -> None:
    db = one(azure, "azurerm_postgresql_flexible_server")
    assert (
        db["customer_managed_key"]["key_vault_key_id"],
        db["customer_managed_key"]["primary_user_assigned_identity_id"],
    ) == (KEY, CMK_IDENTITY)
    storage = resources(azure, "azurerm_storage_account")["storage"]
    assert storage["customer_managed_key"] == {"key_vault_key_id": KEY, "user_assigned_identity_id": CMK_IDENTITY}
    assert storage["infrastructure_encryption_enabled"] is True
    cmk = one(azure, "azurerm_eventhub_namespace_customer_managed_key")
    assert cmk["key_vault_key_ids"] == [KEY]
    aks = one(azure, "azurerm_kubernetes_cluster")
    assert aks["key_management_service"]["key_vault_key_id"] == "${azurerm_key_vault_key.kv-key.id}"
    vault = resources(azure, "azurerm_key_vault")["kv"]
    assert (vault["purge_protection_enabled"], vault["rbac_authorization_enabled"]) == (True, True)


def test_high_availability(azure: dict[str, Any]) -> None:
    db = one(azure, "azurerm_postgresql_flexible_server")
    assert db["high_availability"] == {"mode": "ZoneRedundant", "standby_availability_zone": "2"}
    assert one(azure, "azurerm_redis_cache")["zones"] == ["1", "2", "3"]
    assert one(azure, "azurerm_kubernetes_cluster")["sku_tier"] == "Standard"
    assert resources(azure, "azurerm_storage_account")["storage"]["account_replication_type"] == "ZRS"


def test_deletion_protection_locks_the_data(azure: dict[str, Any]) -> None:
    locks = resources(azure, "azurerm_management_lock")
    assert {name: lock["scope"] for name, lock in locks.items()} == {
        "lock-dr-storage": "${azurerm_storage_account.dr-storage.id}",
        "lock-dr-vault": "${azurerm_key_vault.kvdr.id}",
        "lock-eventhubs": "${azurerm_eventhub_namespace.eventhubs.id}",
        "lock-postgres": "${azurerm_postgresql_flexible_server.postgres.id}",
        "lock-redis": "${azurerm_redis_cache.redis.id}",
        "lock-storage": "${azurerm_storage_account.storage.id}",
        "lock-vault": "${azurerm_key_vault.kv.id}",
    }
    assert {lock["lock_level"] for lock in locks.values()} == {"CanNotDelete"}


def test_private_api_and_private_endpoints(azure: dict[str, Any]) -> None:
    aks = one(azure, "azurerm_kubernetes_cluster")
    assert (aks["private_cluster_enabled"], aks["local_account_disabled"]) == (True, True)
    assert sorted(resources(azure, "azurerm_private_endpoint")) == [
        "blob-endpoint",
        "eventhubs-endpoint",
        "redis-endpoint",
        "vault-dr-endpoint",
        "vault-endpoint",
    ]
    for rtype in ("azurerm_postgresql_flexible_server", "azurerm_redis_cache", "azurerm_eventhub_namespace"):
        assert one(azure, rtype)["public_network_access_enabled"] is False
    assert resources(azure, "azurerm_storage_account")["storage"]["public_network_access_enabled"] is False


def test_spot_is_at_most_30_percent(azure: dict[str, Any]) -> None:
    pools = resources(azure, "azurerm_kubernetes_cluster_node_pool")
    assert sorted(pools) == ["pool-app", "pool-spot"]
    shares = spot_shares([(p["min_count"], p["max_count"], p["priority"] == "Spot") for p in pools.values()])
    assert shares == (25.0, 30.0)


def test_no_plaintext_secrets(azure: dict[str, Any]) -> None:
    assert literal_secrets(azure) == []
    auth = one(azure, "azurerm_postgresql_flexible_server")["authentication"]
    assert (auth["password_auth_enabled"], auth["active_directory_auth_enabled"]) == (False, True)
    assert one(azure, "azurerm_redis_cache")["access_keys_authentication_enabled"] is False
    assert one(azure, "azurerm_eventhub_namespace")["local_authentication_enabled"] is False
    assert resources(azure, "azurerm_storage_account")["storage"]["shared_access_key_enabled"] is False


def test_disaster_recovery(azure: dict[str, Any]) -> None:
    assert resources(azure, "azurerm_resource_group")["dr-rg"]["location"] == "northeurope"
    assert one(azure, "azurerm_postgresql_flexible_server")["geo_redundant_backup_enabled"] is True
    replication = one(azure, "azurerm_storage_object_replication")
    assert replication["destination_storage_account_id"] == "${azurerm_storage_account.dr-storage.id}"
    assert azure["output"]["dr_region"]["value"] == "northeurope"


def test_waf_in_prevention_mode(azure: dict[str, Any]) -> None:
    gateway = one(azure, "azurerm_application_gateway")
    assert (gateway["sku"], gateway["firewall_policy_id"]) == (
        {"name": "WAF_v2", "tier": "WAF_v2"},
        "${azurerm_web_application_firewall_policy.waf.id}",
    )
    assert one(azure, "azurerm_web_application_firewall_policy")["policy_settings"]["mode"] == "Prevention"
