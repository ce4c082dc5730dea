"""Velero's identity: a Google service account of its own that only Velero's server ServiceAccount may act as
(Workload Identity), allowed only what Velero needs of its backup bucket.

Least privilege, and why not the platform's workload service account: that one is the database user and runs
the platform's jobs, which Velero never needs, and only the platform's ServiceAccount may act as it. Velero
reads, writes, lists and deletes backup objects (``roles/storage.objectAdmin`` on the backup bucket alone:
the model bucket, or its DR replica when DR is on; the bucket's CMEK is applied by the Cloud Storage service
agent, so no key grant) and signs download URLs for ``velero backup download``/``logs`` as itself
(``roles/iam.serviceAccountTokenCreator`` on itself: ``iam.serviceAccounts.signBlob``, velero-plugin-for-gcp
README). Volume snapshots are off (``snapshotsEnabled: false``), so no Compute permission is granted.
"""

from __future__ import annotations

from cdktn_provider_google.service_account import ServiceAccount
from cdktn_provider_google.service_account_iam_member import ServiceAccountIamMember
from cdktn_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from constructs import Construct

from fleetform.clouds import BACKUP_SERVICE_ACCOUNT
from fleetform.settings.namespaces import VELERO_NS
from fleetform.terraform.context import StackContext


def build_backup_identity(scope: Construct, ctx: StackContext, bucket: str) -> None:
    """The service account of ``ctx.cluster.cloud.backup_identity``, for the backup bucket named ``bucket``."""
    cluster = ctx.cluster
    email = cluster.cloud.backup_identity(cluster.site, cluster.identity)
    account = ServiceAccount(
        scope, "backup-sa", account_id=email.split("@", 1)[0], display_name=f"{ctx.prefix} Velero backups"
    )
    ServiceAccountIamMember(
        scope,
        "backup-federation",
        service_account_id=account.name,
        role="roles/iam.workloadIdentityUser",
        member=f"serviceAccount:{ctx.account}.svc.id.goog[{VELERO_NS}/{BACKUP_SERVICE_ACCOUNT}]",
    )
    ServiceAccountIamMember(
        scope,
        "backup-sign",
        service_account_id=account.name,
        role="roles/iam.serviceAccountTokenCreator",
        member=account.member,
    )
    StorageBucketIamMember(
        scope, "backup-objects", bucket=bucket, role="roles/storage.objectAdmin", member=account.member
    )
