"""VPC flow logs: every accepted and rejected flow of the VPC, to a KMS-encrypted CloudWatch log group."""

from __future__ import annotations

from cdktn_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktn_provider_aws.flow_log import FlowLog
from cdktn_provider_aws.iam_role_policy import IamRolePolicy
from constructs import Construct

from fleetform.terraform.aws.iam import policy, service_role
from fleetform.terraform.context import StackContext

#: Seconds over which a flow is aggregated into one record (60 or 600).
AGGREGATION_SECONDS = 60


def build_flow_logs(scope: Construct, ctx: StackContext, vpc_id: str, key_arn: str) -> FlowLog:
    group = CloudwatchLogGroup(
        scope,
        "flow-logs",
        name=f"/aws/vpc/{ctx.name('vpc')}/flow-logs",
        retention_in_days=ctx.env.log_retention_days,
        kms_key_id=key_arn,
    )
    role = service_role(scope, "flow-logs-role", ctx.name("flow-logs"), "vpc-flow-logs.amazonaws.com", ())
    IamRolePolicy(
        scope,
        "flow-logs-write",
        name="write-flow-logs",
        role=role.id,
        policy=policy(
            [
                {
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    "Resource": [group.arn, f"{group.arn}:*"],
                }
            ]
        ),
    )
    return FlowLog(
        scope,
        "vpc-flow-log",
        vpc_id=vpc_id,
        traffic_type="ALL",
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=AGGREGATION_SECONDS,
    )
