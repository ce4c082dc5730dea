"""GCS buckets: versioned, customer key, uniform access, public access prevented, soft delete."""

from __future__ import annotations

from cdktn_provider_google.storage_bucket import StorageBucket
from constructs import Construct

from fleetform.terraform.context import StackContext

SOFT_DELETE_SECONDS = 7 * 24 * 3600


def build_bucket(scope: Construct, ctx: StackContext, id_: str, name: str, region: str, key_id: str) -> StorageBucket:
    return StorageBucket(
        scope,
        id_,
        name=name,
        location=region.upper(),
        storage_class="STANDARD",
        labels=ctx.labels,
        uniform_bucket_level_access=True,
        public_access_prevention="enforced",
        versioning={"enabled": True},
        encryption={"default_kms_key_name": key_id},
        soft_delete_policy={"retention_duration_seconds": SOFT_DELETE_SECONDS},
        force_destroy=not ctx.production_grade,
    )
