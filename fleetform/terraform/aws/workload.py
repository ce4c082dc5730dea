"""Permissions of the platform's workload identity (IRSA role): models, key, Kafka, Redis and PostgreSQL."""

from __future__ import annotations

from cdktn_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from fleetform.terraform.aws.iam import policy
from fleetform.terraform.context import StackContext


def grant_workload(
    scope: Construct,
    ctx: StackContext,
    role_name: str,
    bucket_arn: str,
    key_arn: str,
    kafka_arn: str,
    cache_arn: str,
    db_resource_id: str,
) -> None:
    account, region = ctx.account, ctx.region
    IamRolePolicy(
        scope,
        "workload-policy",
        role=role_name,
        name="platform",
        policy=policy(
            [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                    "Resource": [bucket_arn, f"{bucket_arn}/*"],
                },
                {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": [key_arn]},
                {
                    "Effect": "Allow",
                    "Action": [
                        "kafka-cluster:Connect",
                        "kafka-cluster:*Topic*",
                        "kafka-cluster:ReadData",
                        "kafka-cluster:WriteData",
                        "kafka-cluster:AlterGroup",
                        "kafka-cluster:DescribeGroup",
                    ],
                    "Resource": [kafka_arn, f"arn:aws:kafka:{region}:{account}:*/{ctx.name('kafka')}/*"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["elasticache:Connect"],
                    "Resource": [cache_arn, f"arn:aws:elasticache:{region}:{account}:user:{ctx.name('app')}"],
                },
                {
                    "Effect": "Allow",
                    "Action": ["rds-db:connect"],
                    "Resource": [f"arn:aws:rds-db:{region}:{account}:dbuser:{db_resource_id}/mlplatform"],
                },
            ]
        ),
    )
