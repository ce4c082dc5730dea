"""Storage accounts for models: versioned blobs, customer-managed key, no public or shared-key access; every
blob read, write and delete is logged to Log Analytics (the audit trail of who fetched which model)."""

from __future__ import annotations

from cdktn_provider_azurerm.monitor_diagnostic_setting import MonitorDiagnosticSetting
from cdktn_provider_azurerm.storage_account import StorageAccount
from cdktn_provider_azurerm.storage_container import StorageContainer
from constructs import Construct

from fleetform.clouds.azure import CONTAINER
from fleetform.terraform.azure.base import Key, Place

#: Resource-log categories of the blob service: the data-plane audit trail.
BLOB_LOGS = ("StorageRead", "StorageWrite", "StorageDelete")


def build_storage(scope: Construct, place: Place, key: Key, id_: str, name: str, workspace_id: str) -> StorageAccount:
    """Storage account ``name`` (named by the cloud: :meth:`fleetform.clouds.azure.Azure.model_bucket`) with
    the ``models`` container."""
    ctx = place.ctx
    account = StorageAccount(
        scope,
        id_,
        name=name,
        **place.placed,
        account_kind="StorageV2",
        account_tier="Standard",
        account_replication_type="ZRS" if ctx.env.high_availability else "LRS",
        min_tls_version="TLS1_2",
        https_traffic_only_enabled=True,
        allow_nested_items_to_be_public=False,
        public_network_access_enabled=False,
        shared_access_key_enabled=False,
        default_to_oauth_authentication=True,
        infrastructure_encryption_enabled=True,
        cross_tenant_replication_enabled=False,
        identity={"type": "UserAssigned", "identity_ids": [key.identity_id]},
        customer_managed_key={"key_vault_key_id": key.versionless_key_id, "user_assigned_identity_id": key.identity_id},
        blob_properties={
            "versioning_enabled": True,
            "change_feed_enabled": True,
            "delete_retention_policy": {"days": ctx.env.backup_retention_days},
            "container_delete_retention_policy": {"days": ctx.env.backup_retention_days},
        },
    )
    StorageContainer(
        scope, f"{id_}-container", name=CONTAINER, storage_account_id=account.id, container_access_type="private"
    )
    MonitorDiagnosticSetting(
        scope,
        f"{id_}-blob-logs",
        name="blob-audit",
        target_resource_id=f"{account.id}/blobServices/default",
        log_analytics_workspace_id=workspace_id,
        enabled_log=[{"category": category} for category in BLOB_LOGS],
    )
    return account
