"""Customer-managed KMS keys (rotated), usable by the AWS services that encrypt with them."""

from __future__ import annotations

import json

from cdktn_provider_aws.kms_alias import KmsAlias
from cdktn_provider_aws.kms_key import KmsKey
from constructs import Construct

from fleetform.terraform.context import StackContext


def key_policy(account: str, region: str) -> str:
    """The account administers the key; CloudWatch Logs of this region may use it."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "Account",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "Logs",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                    "Action": [
                        "kms:Encrypt*",
                        "kms:Decrypt*",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:Describe*",
                    ],
                    "Resource": "*",
                },
            ],
        },
        sort_keys=True,
    )


def build_key(scope: Construct, ctx: StackContext, name: str, region: str | None = None) -> KmsKey:
    """One rotated key with an alias ``alias/<prefix>-<name>``; ``region`` for the DR copy."""
    key = KmsKey(
        scope,
        f"kms-{name}",
        description=f"{ctx.name(name)} customer-managed key",
        enable_key_rotation=True,
        deletion_window_in_days=30 if ctx.production_grade else 7,
        policy=key_policy(ctx.account, region or ctx.region),
        region=region,
    )
    KmsAlias(scope, f"kms-{name}-alias", name=f"alias/{ctx.name(name)}", target_key_id=key.key_id, region=region)
    return key
