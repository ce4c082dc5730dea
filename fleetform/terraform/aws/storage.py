"""S3 buckets: versioned, encrypted (with the customer key, or SSE-S3 where a log delivery writes), private
(public access blocked, owner-enforced)."""

from __future__ import annotations

from cdktn_provider_aws.s3_bucket import S3Bucket
from cdktn_provider_aws.s3_bucket_ownership_controls import S3BucketOwnershipControls
from cdktn_provider_aws.s3_bucket_public_access_block import S3BucketPublicAccessBlock
from cdktn_provider_aws.s3_bucket_server_side_encryption_configuration import (
    S3BucketServerSideEncryptionConfigurationA,
    S3BucketServerSideEncryptionConfigurationRuleA,
)
from cdktn_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from constructs import Construct


def build_bucket(
    scope: Construct, id_: str, name: str, key_arn: str | None, region: str | None = None, protected: bool = True
) -> tuple[S3Bucket, S3BucketVersioningA]:
    """A private, versioned bucket, encrypted with the KMS key ``key_arn`` (an S3 Bucket Key saves the KMS
    calls), or with SSE-S3 when ``key_arn`` is None: the only default encryption both S3 server access logs
    and ALB access logs can write to. ``region`` places it outside the provider's region; a ``protected``
    bucket is not destroyed with its objects."""
    bucket = S3Bucket(scope, id_, bucket=name, force_destroy=not protected, region=region)
    versioning = S3BucketVersioningA(
        scope, f"{id_}-versioning", bucket=bucket.id, region=region, versioning_configuration={"status": "Enabled"}
    )
    if key_arn is None:
        rule = S3BucketServerSideEncryptionConfigurationRuleA(
            apply_server_side_encryption_by_default={"sse_algorithm": "AES256"}
        )
    else:
        rule = S3BucketServerSideEncryptionConfigurationRuleA(
            apply_server_side_encryption_by_default={"sse_algorithm": "aws:kms", "kms_master_key_id": key_arn},
            bucket_key_enabled=True,
        )
    S3BucketServerSideEncryptionConfigurationA(scope, f"{id_}-encryption", bucket=bucket.id, region=region, rule=[rule])
    _make_private(scope, id_, bucket, region)
    return bucket, versioning


def _make_private(scope: Construct, id_: str, bucket: S3Bucket, region: str | None) -> None:
    """Block every form of public access and disable ACLs (the bucket owner owns every object)."""
    S3BucketPublicAccessBlock(
        scope,
        f"{id_}-public-access",
        bucket=bucket.id,
        region=region,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )
    S3BucketOwnershipControls(
        scope, f"{id_}-ownership", bucket=bucket.id, region=region, rule={"object_ownership": "BucketOwnerEnforced"}
    )
