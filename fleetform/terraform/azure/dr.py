"""Disaster recovery in the paired region: a resource group, key and storage account there, blob object
replication of the models container (Velero's backup target), and the database's geo-redundant backups."""

from __future__ import annotations

from cdktn_provider_azurerm.resource_group import ResourceGroup
from cdktn_provider_azurerm.storage_account import StorageAccount
from cdktn_provider_azurerm.storage_object_replication import (
    StorageObjectReplication,
    StorageObjectReplicationRules,
)
from constructs import Construct

from fleetform.clouds.azure import CONTAINER, dr_resource_group
from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.keys import Reach, build_key
from fleetform.terraform.azure.ops import protect
from fleetform.terraform.azure.storage import build_storage


def build_dr_place(scope: Construct, place: Place, reach: Reach) -> tuple[Place, Key]:
    ctx = place.ctx
    group = ResourceGroup(
        scope, "dr-rg", name=dr_resource_group(ctx.cluster.site), location=ctx.dr_region, tags=place.tags
    )
    dr = Place(
        ctx=ctx,
        resource_group=group.name,
        resource_group_id=group.id,
        location=ctx.dr_region,
        tenant_id=place.tenant_id,
    )
    return dr, build_key(scope, dr, reach, suffix="dr")


def build_replica(scope: Construct, dr: Place, key: Key, source: StorageAccount, workspace_id: str) -> StorageAccount:
    """The DR copy of ``source``; its access logs go to the primary region's ``workspace_id``."""
    replica = build_storage(scope, dr, key, "dr-storage", dr.ctx.dr_bucket, workspace_id)
    if dr.ctx.production_grade:
        protect(scope, dr, {"dr-storage": replica.id, "dr-vault": key.vault_id})
    StorageObjectReplication(
        scope,
        "storage-replication",
        source_storage_account_id=source.id,
        destination_storage_account_id=replica.id,
        rules=[
            StorageObjectReplicationRules(
                source_container_name=CONTAINER,
                destination_container_name=CONTAINER,
                copy_blobs_created_after="Everything",
            )
        ],
    )
    return replica
