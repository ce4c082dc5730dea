"""Disaster recovery in the secondary region: a key there, a replica of the model bucket (also Velero's
backup target) with its own access-log bucket (S3 logs only within a region), and cross-region replication of
the database's automated backups."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_aws.db_instance import DbInstance
from cdktn_provider_aws.db_instance_automated_backups_replication import DbInstanceAutomatedBackupsReplication
from cdktn_provider_aws.iam_role_policy import IamRolePolicy
from cdktn_provider_aws.s3_bucket import S3Bucket
from cdktn_provider_aws.s3_bucket_replication_configuration import (
    S3BucketReplicationConfigurationA,
    S3BucketReplicationConfigurationRule,
)
from cdktn_provider_aws.s3_bucket_versioning import S3BucketVersioningA
from constructs import Construct

from fleetform.terraform.aws.access_logs import build_log_bucket, log_access
from fleetform.terraform.aws.iam import policy, service_role
from fleetform.terraform.aws.keys import build_key
from fleetform.terraform.aws.storage import build_bucket
from fleetform.terraform.context import StackContext


@dataclass(frozen=True)
class Recovery:
    region: str
    bucket: str
    bucket_arn: str
    #: The DR region's key, which encrypts the replica.
    key_arn: str


def build_dr(
    scope: Construct,
    ctx: StackContext,
    source: S3Bucket,
    source_versioning: S3BucketVersioningA,
    source_key_arn: str,
    db: DbInstance,
) -> Recovery:
    region = ctx.dr_region
    key = build_key(scope, ctx, "dr", region=region)
    replica, replica_versioning = build_bucket(scope, "dr-bucket", ctx.dr_bucket, key.arn, region=region)
    log_access(scope, "dr-bucket", replica, build_log_bucket(scope, ctx, "dr-access-logs", region=region), region)
    role = service_role(scope, "replication-role", ctx.name("s3-replication"), "s3.amazonaws.com", ())
    IamRolePolicy(
        scope,
        "replication-policy",
        role=role.id,
        name="replicate",
        policy=policy(
            [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                    "Resource": [source.arn],
                },
                {
                    "Effect": "Allow",
                    "Action": [
                        "s3:GetObjectVersionForReplication",
                        "s3:GetObjectVersionAcl",
                        "s3:GetObjectVersionTagging",
                    ],
                    "Resource": [f"{source.arn}/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                    "Resource": [f"{replica.arn}/*"],
                },
                {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [source_key_arn]},
                {"Effect": "Allow", "Action": ["kms:Encrypt"], "Resource": [key.arn]},
            ]
        ),
    )
    S3BucketReplicationConfigurationA(
        scope,
        "bucket-replication",
        bucket=source.id,
        role=role.arn,
        depends_on=[source_versioning, replica_versioning],
        rule=[
            S3BucketReplicationConfigurationRule(
                id="dr",
                status="Enabled",
                filter={},
                delete_marker_replication={"status": "Enabled"},
                source_selection_criteria={"sse_kms_encrypted_objects": {"status": "Enabled"}},
                destination={
                    "bucket": replica.arn,
                    "storage_class": "STANDARD_IA",
                    "encryption_configuration": {"replica_kms_key_id": key.arn},
                },
            )
        ],
    )
    DbInstanceAutomatedBackupsReplication(
        scope,
        "db-backup-replication",
        source_db_instance_arn=db.arn,
        kms_key_id=key.arn,
        retention_period=ctx.env.backup_retention_days,
        region=region,
    )
    return Recovery(region=region, bucket=replica.bucket, bucket_arn=replica.arn, key_arn=key.arn)
