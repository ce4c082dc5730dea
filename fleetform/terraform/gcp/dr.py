"""Disaster recovery in the secondary region: a key ring there, a replica bucket kept in sync by Storage
Transfer Service event-driven replication (Velero's backup target). Database backups go to the DR region
(see :mod:`fleetform.terraform.gcp.database`)."""

from __future__ import annotations

from cdktn_provider_google.storage_bucket import StorageBucket
from cdktn_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from cdktn_provider_google.storage_transfer_job import StorageTransferJob
from constructs import Construct

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.keys import build_key
from fleetform.terraform.gcp.storage import build_bucket


def build_dr(scope: Construct, ctx: StackContext, project_number: str, source: StorageBucket) -> StorageBucket:
    key_id = build_key(scope, ctx, project_number, ctx.dr_region, suffix="-dr")
    replica = build_bucket(scope, ctx, "dr-bucket", ctx.dr_bucket, ctx.dr_region, key_id)
    transfer_agent = f"serviceAccount:project-{project_number}@storage-transfer-service.iam.gserviceaccount.com"
    grants = [
        StorageBucketIamMember(scope, f"transfer-{name}", bucket=bucket.name, role=role, member=transfer_agent)
        for name, bucket, role in (
            ("source", source, "roles/storage.legacyBucketReader"),
            ("source-objects", source, "roles/storage.objectViewer"),
            ("sink", replica, "roles/storage.legacyBucketWriter"),
        )
    ]
    StorageTransferJob(
        scope,
        "bucket-replication",
        name=f"transferJobs/{ctx.name('dr-replication')}",
        description=f"{ctx.prefix}: replicate models to {ctx.dr_region}",
        depends_on=grants,
        replication_spec={
            "gcs_data_source": {"bucket_name": source.name},
            "gcs_data_sink": {"bucket_name": replica.name},
        },
    )
    return replica
