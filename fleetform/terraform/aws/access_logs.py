"""Access-log buckets: S3 server access logs and ALB access logs land here, one bucket per region.

Encrypted with SSE-S3 (the only default encryption both log deliveries support), private, versioned,
TLS-only, expired after the environment's log retention. A log bucket does not log its own access (that
would log forever); the bucket policy admits only the two log-delivery principals of this account.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cdktn_provider_aws.data_aws_elb_service_account import DataAwsElbServiceAccount
from cdktn_provider_aws.s3_bucket import S3Bucket
from cdktn_provider_aws.s3_bucket_lifecycle_configuration import (
    S3BucketLifecycleConfiguration,
    S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload,
    S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
)
from cdktn_provider_aws.s3_bucket_logging import S3BucketLoggingA
from cdktn_provider_aws.s3_bucket_policy import S3BucketPolicy
from constructs import Construct

from fleetform.terraform.aws.storage import build_bucket
from fleetform.terraform.context import StackContext

#: Key prefixes: S3 server access logs under s3/<bucket>/, ALB logs under alb/ (ELB adds AWSLogs/<account>/).
S3_PREFIX, ALB_PREFIX = "s3", "alb"
#: Days an overwritten or deleted log object version is kept.
NONCURRENT_DAYS = 7


@dataclass(frozen=True)
class LogBucket:
    bucket: S3Bucket
    #: The bucket policy: log deliveries check they may write when a load balancer is created.
    policy: S3BucketPolicy


def build_log_bucket(scope: Construct, ctx: StackContext, id_: str, region: str | None = None) -> LogBucket:
    name = ctx.name(f"{id_}-{ctx.account}")
    bucket, _ = build_bucket(scope, id_, name, None, region=region, protected=ctx.production_grade)
    S3BucketLifecycleConfiguration(
        scope,
        f"{id_}-lifecycle",
        bucket=bucket.id,
        region=region,
        rule=[
            S3BucketLifecycleConfigurationRule(
                id="expire-logs",
                status="Enabled",
                filter=[S3BucketLifecycleConfigurationRuleFilter(prefix="")],
                expiration=[S3BucketLifecycleConfigurationRuleExpiration(days=ctx.env.log_retention_days)],
                abort_incomplete_multipart_upload=[
                    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload(days_after_initiation=1)
                ],
                noncurrent_version_expiration=[
                    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration(noncurrent_days=NONCURRENT_DAYS)
                ],
            )
        ],
    )
    elb = DataAwsElbServiceAccount(scope, f"{id_}-elb-account", region=region)
    access = S3BucketPolicy(
        scope, f"{id_}-policy", bucket=bucket.id, region=region, policy=_policy(ctx, bucket.arn, elb.arn)
    )
    return LogBucket(bucket=bucket, policy=access)


def log_access(scope: Construct, id_: str, bucket: S3Bucket, logs: LogBucket, region: str | None = None) -> None:
    """S3 server access logs of ``bucket`` into ``logs`` (same region: S3 cannot deliver across regions)."""
    S3BucketLoggingA(
        scope,
        f"{id_}-access-logs",
        bucket=bucket.id,
        region=region,
        target_bucket=logs.bucket.id,
        target_prefix=f"{S3_PREFIX}/{id_}/",
    )


def _policy(ctx: StackContext, arn: str, elb_account_arn: str) -> str:
    writers: list[tuple[dict[str, str], str, dict[str, str] | None]] = [
        # S3 server access logs, only for this account's buckets.
        ({"Service": "logging.s3.amazonaws.com"}, f"{arn}/{S3_PREFIX}/*", {"aws:SourceAccount": ctx.account}),
        # ALB access logs: the regional ELB account (regions before Aug 2022) or the log-delivery service.
        ({"AWS": elb_account_arn}, f"{arn}/{ALB_PREFIX}/AWSLogs/{ctx.account}/*", None),
        (
            {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
            f"{arn}/{ALB_PREFIX}/AWSLogs/{ctx.account}/*",
            None,
        ),
    ]
    statements: list[dict[str, object]] = []
    for principal, resource, condition in writers:
        statement: dict[str, object] = {
            "Effect": "Allow",
            "Principal": principal,
            "Action": "s3:PutObject",
            "Resource": resource,
        }
        if condition:
            statement["Condition"] = {"StringEquals": condition}
        statements.append(statement)
    statements.append(
        {
            "Sid": "TlsOnly",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    )
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)
