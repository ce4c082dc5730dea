"""EKS capacity in the AWS production stack: Karpenter's role, interruption queue and discovery tags, and the EBS
CSI add-on with its role."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fleetform.terraform.aws.ebs_csi import ADDON_VERSION
from tests.terraform.helpers import resources

ISSUER = '${replace(aws_eks_cluster.eks.identity[0].oidc[0].issuer, "https://", "")}'
CLUSTER = "ml-platform-production-eks"


@pytest.fixture(scope="module")
def aws(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["aws-production"]


def _trusted(role: dict[str, Any]) -> tuple[str, str]:
    """The subject and audience the role's trust policy admits (the issuer host is a Terraform expression with
    quotes inside, so the policy is read as text)."""
    policy = role["assume_role_policy"]
    assert '"Principal": {"Federated": "${aws_iam_openid_connect_provider.eks-oidc.arn}"}' in policy
    assert policy.count("sts:AssumeRoleWithWebIdentity") == 1
    sub = policy.split(f'{ISSUER}:sub": "', 1)[1].split('"', 1)[0]
    aud = policy.split(f'{ISSUER}:aud": "', 1)[1].split('"', 1)[0]
    return sub, aud


def test_karpenter_role_trusts_only_its_service_account(aws: dict[str, Any]) -> None:
    role = resources(aws, "aws_iam_role")["karpenter-role"]
    assert role["name"] == "ml-platform-production-karpenter"
    assert _trusted(role) == ("system:serviceaccount:karpenter:karpenter", "sts.amazonaws.com")
    attached = sorted(k for k in resources(aws, "aws_iam_role_policy_attachment") if k.startswith("karpenter-"))
    assert attached == [
        "karpenter-EKSIntegrationPolicy-attach",
        "karpenter-IAMIntegrationPolicy-attach",
        "karpenter-InterruptionPolicy-attach",
        "karpenter-NodeLifecyclePolicy-attach",
        "karpenter-ResourceDiscoveryPolicy-attach",
    ]


def test_karpenter_policies_name_this_cluster_its_node_role_and_queue(aws: dict[str, Any]) -> None:
    policies = {k: json.loads(v["policy"]) for k, v in resources(aws, "aws_iam_policy").items() if "karpenter" in k}
    text = json.dumps(policies)
    assert "${AWS::" not in text and "${ClusterName}" not in text and "${Karpenter" not in text
    (describe,) = policies["karpenter-EKSIntegrationPolicy"]["Statement"]
    assert describe["Resource"] == f"arn:aws:eks:us-east-1:333333333333:cluster/{CLUSTER}"
    pass_role = policies["karpenter-IAMIntegrationPolicy"]["Statement"][0]
    assert (pass_role["Action"], pass_role["Resource"]) == (
        "iam:PassRole",
        "arn:aws:iam::333333333333:role/ml-platform-production-eks-node",
    )
    (queue,) = policies["karpenter-InterruptionPolicy"]["Statement"]
    assert queue["Resource"] == "${aws_sqs_queue.karpenter-queue.arn}"
    for policy in policies.values():  # each within IAM's 6,144-character limit of a managed policy
        assert len(json.dumps(policy, separators=(",", ":"))) < 6144


def test_interruption_events_reach_the_queue(aws: dict[str, Any]) -> None:
    queue = resources(aws, "aws_sqs_queue")["karpenter-queue"]
    assert (queue["name"], queue["message_retention_seconds"], queue["sqs_managed_sse_enabled"]) == (
        "ml-platform-production-karpenter",
        300,
        True,
    )
    rules = {k: json.loads(v["event_pattern"]) for k, v in resources(aws, "aws_cloudwatch_event_rule").items()}
    assert sorted(p["detail-type"][0] for k, p in rules.items() if k.startswith("karpenter-")) == [
        "AWS Health Event",
        "EC2 Capacity Reservation Instance Interruption Warning",
        "EC2 Instance Rebalance Recommendation",
        "EC2 Instance State-change Notification",
        "EC2 Spot Instance Interruption Warning",
    ]
    targets = resources(aws, "aws_cloudwatch_event_target")
    assert {t["arn"] for k, t in targets.items() if k.startswith("karpenter-")} == {
        "${aws_sqs_queue.karpenter-queue.arn}"
    }


def test_subnets_and_cluster_security_group_carry_the_discovery_tag(aws: dict[str, Any]) -> None:
    subnets = resources(aws, "aws_subnet")
    assert [subnets[f"private-{i}"]["tags"]["karpenter.sh/discovery"] for i in range(3)] == [CLUSTER] * 3
    assert all("karpenter.sh/discovery" not in subnets[f"public-{i}"]["tags"] for i in range(3))
    tag = resources(aws, "aws_ec2_tag")["karpenter-discovery-sg"]
    assert {k: v for k, v in tag.items() if k != "//"} == {
        "key": "karpenter.sh/discovery",
        "resource_id": "${aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id}",
        "value": CLUSTER,
    }


def test_the_ebs_csi_add_on_is_pinned_and_runs_with_its_own_role(aws: dict[str, Any]) -> None:
    addon = resources(aws, "aws_eks_addon")["ebs-csi"]
    assert (addon["addon_name"], addon["addon_version"], addon["service_account_role_arn"]) == (
        "aws-ebs-csi-driver",
        ADDON_VERSION,
        "${aws_iam_role.ebs-csi-role.arn}",
    )
    role = resources(aws, "aws_iam_role")["ebs-csi-role"]
    assert _trusted(role) == ("system:serviceaccount:kube-system:ebs-csi-controller-sa", "sts.amazonaws.com")
    assert resources(aws, "aws_iam_role_policy_attachment")["ebs-csi-policy"]["policy_arn"] == (
        "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicyV2"
    )
