"""Karpenter's AWS side: its controller role (IRSA), the interruption queue and the events routed to it, and the
discovery tag on the cluster security group (the private subnets carry it from :mod:`.network`).

The permissions are upstream's: ``karpenter_controller_policy.json`` holds the statements of the five controller
policies (NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ResourceDiscovery) of
``website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml`` at tag v1.14.1 of
aws/karpenter-provider-aws (commit bde00654cd316fddb3dccfba3f5ac07039865429; the template's sha256 is
7ffeb01f04b5da482ef43087830de00a476098416e3b4576c38239ef1b0bef4b), with its ``${...}`` placeholders kept and
filled here. The zonal shift policy is left out (``settings.enableZonalShift`` stays off). The chart pin is
``charts.karpenter``; upgrading it means taking the new tag's template.

Nodes use the stack's node role (:func:`fleetform.clouds.aws_capacity.node_role`): its EKS access entry exists
for the managed node groups already, and Karpenter makes the instance profile for it (the IAMIntegration policy).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from cdktn_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
from cdktn_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
from cdktn_provider_aws.ec2_tag import Ec2Tag
from cdktn_provider_aws.iam_policy import IamPolicy
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktn_provider_aws.sqs_queue import SqsQueue
from cdktn_provider_aws.sqs_queue_policy import SqsQueuePolicy
from constructs import Construct

from fleetform.clouds.aws import cluster_name
from fleetform.clouds.aws_capacity import (
    DISCOVERY_TAG,
    KARPENTER,
    interruption_queue,
    karpenter_role,
    node_role,
)
from fleetform.terraform.aws.cluster import Cluster, irsa_trust
from fleetform.terraform.aws.iam import policy
from fleetform.terraform.context import StackContext

POLICY_FILE = "karpenter_controller_policy.json"
#: The EC2 events Karpenter acts on before the instance goes (upstream's rules, same order).
EVENTS = {
    "health": ("aws.health", "AWS Health Event"),
    "spot-interruption": ("aws.ec2", "EC2 Spot Instance Interruption Warning"),
    "rebalance": ("aws.ec2", "EC2 Instance Rebalance Recommendation"),
    "state-change": ("aws.ec2", "EC2 Instance State-change Notification"),
    "reservation-interruption": ("aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
}
#: Interruption messages older than 5 minutes are useless (a spot warning gives 2): upstream's retention.
QUEUE_RETENTION_SECONDS = 300


def controller_policies(ctx: StackContext, queue_arn: str) -> dict[str, str]:
    """Upstream's policies by name, placeholders filled for this cluster, as compact JSON with sorted keys."""
    site = ctx.cluster.site
    values = {
        "${AWS::Partition}": "aws",
        "${AWS::Region}": site.region,
        "${AWS::AccountId}": site.account,
        "${ClusterName}": cluster_name(site),
        "${KarpenterNodeRole.Arn}": f"arn:aws:iam::{site.account}:role/{node_role(site)}",
        "${KarpenterInterruptionQueue.Arn}": queue_arn,
    }
    text = resources.files(__package__).joinpath(POLICY_FILE).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for name, statements in json.loads(text).items():
        filled = json.dumps(statements, sort_keys=True, separators=(",", ":"))
        for placeholder, value in values.items():
            filled = filled.replace(placeholder, value)
        out[name] = json.dumps({"Statement": json.loads(filled), "Version": "2012-10-17"}, separators=(",", ":"))
    return out


def build_karpenter(scope: Construct, ctx: StackContext, cluster: Cluster) -> IamRole:
    """Role ``<prefix>-karpenter`` assumable only by ServiceAccount ``karpenter/karpenter``, the interruption
    queue (SQS-managed encryption, TLS only) fed by EventBridge, and the discovery tag on the cluster's
    security group (EKS creates that group, so the tag is a resource of its own)."""
    site = ctx.cluster.site
    queue = SqsQueue(
        scope,
        "karpenter-queue",
        name=interruption_queue(site),
        message_retention_seconds=QUEUE_RETENTION_SECONDS,
        sqs_managed_sse_enabled=True,
    )
    SqsQueuePolicy(scope, "karpenter-queue-policy", queue_url=queue.url, policy=_queue_policy(queue.arn))
    for name, (source, detail) in EVENTS.items():
        rule = CloudwatchEventRule(
            scope,
            f"karpenter-{name}",
            name=site.name(f"karpenter-{name}"),
            event_pattern=json.dumps({"detail-type": [detail], "source": [source]}, sort_keys=True),
        )
        CloudwatchEventTarget(
            scope,
            f"karpenter-{name}-target",
            rule=rule.name,
            target_id="KarpenterInterruptionQueueTarget",
            arn=queue.arn,
        )
    Ec2Tag(
        scope,
        "karpenter-discovery-sg",
        resource_id=cluster.security_group_id,
        key=DISCOVERY_TAG,
        value=cluster_name(site),
    )
    subject = f"system:serviceaccount:{KARPENTER}:{KARPENTER}"
    role = IamRole(
        scope,
        "karpenter-role",
        name=karpenter_role(site),
        assume_role_policy=irsa_trust(cluster.oidc_provider_arn, cluster.oidc_issuer_host, subject),
    )
    for name, document in controller_policies(ctx, queue.arn).items():
        attached = IamPolicy(
            scope,
            f"karpenter-{name}",
            name=site.name(f"karpenter-{name}"),
            description=f"Karpenter v1.14.1 controller: {name} (upstream getting-started cloudformation.yaml)",
            policy=document,
        )
        IamRolePolicyAttachment(scope, f"karpenter-{name}-attach", role=role.name, policy_arn=attached.arn)
    return role


def _queue_policy(queue_arn: str) -> str:
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Principal": {"Service": ["events.amazonaws.com", "sqs.amazonaws.com"]},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
        },
        {
            "Sid": "DenyHTTP",
            "Effect": "Deny",
            "Action": "sqs:*",
            "Resource": queue_arn,
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            "Principal": "*",
        },
    ]
    return policy(statements)
