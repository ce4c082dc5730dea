"""IAM roles for AWS services, built from a trust principal and managed policy names."""

from __future__ import annotations

import json
from typing import Any

from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct


def trust(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        },
        sort_keys=True,
    )


def policy(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


def service_role(scope: Construct, id_: str, name: str, service: str, managed: tuple[str, ...]) -> IamRole:
    """A role ``service`` assumes, with AWS managed policies attached by name."""
    role = IamRole(scope, id_, name=name, assume_role_policy=trust(service))
    for policy_name in managed:
        IamRolePolicyAttachment(
            scope, f"{id_}-{policy_name}", role=role.name, policy_arn=f"arn:aws:iam::aws:policy/{policy_name}"
        )
    return role
