"""Velero's identity: an IRSA role of its own that only Velero's server ServiceAccount may assume, allowed
only what Velero needs of its backup target.

Least privilege, and why not the platform's workload role: that role reaches the database, Kafka and Redis,
which Velero never needs, and its trust names only the platform's ServiceAccount. Velero reads and writes
backups (object get, put, delete, multipart uploads) under its prefix of the backup bucket (the model bucket,
or its DR replica when DR is on) and lists the bucket; the objects are encrypted with that bucket's KMS key.
Volume snapshots are off (``snapshotsEnabled: false``), so no EC2 permission is granted.
"""

from __future__ import annotations

from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from fleetform.clouds import BACKUP_PREFIX, BACKUP_SERVICE_ACCOUNT
from fleetform.settings.namespaces import VELERO_NS
from fleetform.terraform.aws.cluster import Cluster, irsa_trust
from fleetform.terraform.aws.iam import policy
from fleetform.terraform.context import StackContext


def build_backup_identity(scope: Construct, ctx: StackContext, cluster: Cluster, bucket_arn: str, key_arn: str) -> None:
    """The role of ``ctx.cluster.cloud.backup_identity`` for the bucket ``bucket_arn`` encrypted with ``key_arn``."""
    cluster_settings = ctx.cluster
    arn = cluster_settings.cloud.backup_identity(cluster_settings.site, cluster_settings.identity)
    subject = f"system:serviceaccount:{VELERO_NS}:{BACKUP_SERVICE_ACCOUNT}"
    role = IamRole(
        scope,
        "backup-role",
        name=arn.rsplit("/", 1)[-1],
        assume_role_policy=irsa_trust(cluster.oidc_provider_arn, cluster.oidc_issuer_host, subject),
    )
    objects = f"{bucket_arn}/{BACKUP_PREFIX}/*"
    IamRolePolicy(
        scope,
        "backup-policy",
        role=role.name,
        name="velero",
        policy=policy(
            [
                {"Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": [bucket_arn]},
                {
                    "Effect": "Allow",
                    "Action": [
                        "s3:GetObject",
                        "s3:PutObject",
                        "s3:DeleteObject",
                        "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts",
                    ],
                    "Resource": [objects],
                },
                {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": [key_arn]},
            ]
        ),
    )
