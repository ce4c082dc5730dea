"""The AWS Load Balancer Controller's IAM role (IRSA): it registers the ingress gateway's pods in the ALB's target
group (TargetGroupBinding, in the cluster's ``configs`` layer).

The permissions are upstream's, verbatim: ``lb_controller_iam_policy.json`` is ``docs/install/iam_policy.json`` of
kubernetes-sigs/aws-load-balancer-controller at tag v3.5.0 (commit 11eb202c97e4ae2ee45e0658c4cde9a4b59f33d4),
sha256 :data:`POLICY_SHA256`; the chart pin is ``charts.aws_load_balancer_controller``. Upgrading the chart means
replacing this file with the new tag's policy (3.5 needs actions that 2.x's policy lacks). The role name and
the ServiceAccount it trusts come from ``fleetform.clouds.aws``, which the chart's values read too.
"""

from __future__ import annotations

import json
from importlib import resources

from cdktn_provider_aws.iam_policy import IamPolicy
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from fleetform.clouds.aws import LB_CONTROLLER, lb_controller_role
from fleetform.terraform.aws.cluster import Cluster, irsa_trust
from fleetform.terraform.context import StackContext

POLICY_FILE = "lb_controller_iam_policy.json"
POLICY_SHA256 = "16f232c9d9f79366fe949c4550ad517a202380058a9e48d45a4e215044a20a6a"


def policy_document() -> str:
    """The upstream policy, as compact JSON with sorted keys (stable output, within IAM's 6,144-character limit
    for managed policies)."""
    text = resources.files(__package__).joinpath(POLICY_FILE).read_text(encoding="utf-8")
    return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))


def build_lb_controller_role(scope: Construct, ctx: StackContext, cluster: Cluster) -> IamRole:
    """Role ``<prefix>-lb-controller``, assumable only by ServiceAccount ``aws-load-balancer-controller`` of the
    namespace of the same name, with the upstream policy attached."""
    name = lb_controller_role(ctx.cluster.site)
    subject = f"system:serviceaccount:{LB_CONTROLLER}:{LB_CONTROLLER}"
    role = IamRole(
        scope,
        "lb-controller-role",
        name=name,
        assume_role_policy=irsa_trust(cluster.oidc_provider_arn, cluster.oidc_issuer_host, subject),
    )
    policy = IamPolicy(
        scope,
        "lb-controller-policy",
        name=name,
        description="AWS Load Balancer Controller v3.5.0 (upstream docs/install/iam_policy.json)",
        policy=policy_document(),
    )
    IamRolePolicyAttachment(scope, "lb-controller-attach", role=role.name, policy_arn=policy.arn)
    return role
