"""Disk encryption set: AKS node OS and data disks encrypted with the Key Vault customer key (on top of
host encryption), the key version followed automatically when Key Vault rotates it."""

from __future__ import annotations

from cdktn_provider_azurerm.disk_encryption_set import DiskEncryptionSet
from cdktn_provider_azurerm.role_assignment import RoleAssignment
from constructs import Construct

from fleetform.terraform.azure.base import Key, Place


def build_disk_encryption_set(scope: Construct, place: Place, key: Key, cluster_principal_id: str) -> str:
    """Returns the set's id; ``cluster_principal_id`` (the AKS control-plane identity) may read it."""
    disks = DiskEncryptionSet(
        scope,
        "disk-encryption",
        name=place.ctx.name("disks"),
        **place.placed,
        key_vault_key_id=key.versionless_key_id,
        auto_key_rotation_enabled=True,
        encryption_type="EncryptionAtRestWithCustomerKey",
        identity={"type": "UserAssigned", "identity_ids": [key.identity_id]},
    )
    RoleAssignment(
        scope, "aks-disk-encryption", scope=disks.id, principal_id=cluster_principal_id, role_definition_name="Reader"
    )
    return disks.id
