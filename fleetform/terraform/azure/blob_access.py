"""Data-plane access to the platform's blobs. The storage accounts take Entra ID only (the provider runs with
``storage_use_azuread``; no account keys), so a role on the account is what lets a pod read or write blobs:
the platform's managed identity gets Storage Blob Data Contributor on the model account (the workers read
models, retraining writes them) and, with disaster recovery, on the replica account Velero writes its
backups to (Velero's server runs as the platform's identity on Azure: :meth:`Azure.backup_identity`)."""

from __future__ import annotations

from cdktn_provider_azurerm.role_assignment import RoleAssignment
from constructs import Construct

#: Read, write and delete blobs and containers: what the workers, retraining and Velero do (no key access).
BLOB_WRITER = "Storage Blob Data Contributor"


def grant_blob_access(scope: Construct, principal_id: str, models: str, backups: str | None) -> None:
    """``models``: the model account's id; ``backups``: the account Velero writes to when it is another one."""
    RoleAssignment(
        scope, "models-blob-writer", scope=models, role_definition_name=BLOB_WRITER, principal_id=principal_id
    )
    if backups is not None:
        RoleAssignment(
            scope, "backups-blob-writer", scope=backups, role_definition_name=BLOB_WRITER, principal_id=principal_id
        )
