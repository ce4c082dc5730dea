"""EKS: private-capable API endpoint, secrets encrypted with the customer key, IRSA, four node groups, and
the VPC CNI add-on with its network policy agent on (without it EKS ignores every NetworkPolicy in dist/;
the add-on version is the one EKS pairs with the cluster's Kubernetes version).

Node groups: ``system`` (tainted for critical add-ons), ``app`` (on-demand), ``spot`` (spot, at most
30 % of application nodes, checked in settings) and the optional ``gpu`` group (ENABLE_GPU_ACCELERATION).
Their minimum is the always-on floor; Karpenter adds nodes above it (:mod:`.karpenter`, its NodePools in
``fleetform.k8s.charts.capacity``) with the same node role and labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cdktn import Fn
from cdktn_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktn_provider_aws.eks_addon import EksAddon
from cdktn_provider_aws.eks_cluster import EksCluster
from cdktn_provider_aws.eks_node_group import EksNodeGroup, EksNodeGroupTaint
from cdktn_provider_aws.iam_openid_connect_provider import IamOpenidConnectProvider
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.kms_key import KmsKey
from constructs import Construct

from fleetform.clouds.aws import cluster_name
from fleetform.settings.infra import Pool
from fleetform.terraform.aws.iam import service_role
from fleetform.terraform.aws.network import Network
from fleetform.terraform.context import StackContext

#: Every EKS control-plane log type: the audit trail of who did what, and why the scheduler placed a pod.
CONTROL_PLANE_LOGS = ("api", "audit", "authenticator", "controllerManager", "scheduler")
NODE_POLICIES = ("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly")


@dataclass(frozen=True)
class Cluster:
    name: str
    endpoint: str
    oidc_issuer: str
    workload_role_arn: str
    security_group_id: str
    #: The IAM OIDC provider of the cluster's issuer, and the issuer without ``https://``: what IRSA roles trust.
    oidc_provider_arn: str
    oidc_issuer_host: str


def build_cluster(scope: Construct, ctx: StackContext, net: Network, key: KmsKey) -> Cluster:
    name = cluster_name(ctx.cluster.site)
    logs = CloudwatchLogGroup(
        scope,
        "eks-logs",
        name=f"/aws/eks/{name}/cluster",
        retention_in_days=ctx.env.log_retention_days,
        kms_key_id=key.arn,
    )
    role = service_role(scope, "eks-role", ctx.name("eks-cluster"), "eks.amazonaws.com", ("AmazonEKSClusterPolicy",))
    eks = EksCluster(
        scope,
        "eks",
        name=name,
        role_arn=role.arn,
        version=ctx.kubernetes_version,
        vpc_config={
            "subnet_ids": net.private_subnet_ids,
            "endpoint_private_access": True,
            "endpoint_public_access": not ctx.env.private_api,
            "public_access_cidrs": None if ctx.env.private_api else list(ctx.env.api_allowed_cidrs) or None,
        },
        encryption_config={"resources": ["secrets"], "provider": {"key_arn": key.arn}},
        access_config={"authentication_mode": "API"},
        enabled_cluster_log_types=list(CONTROL_PLANE_LOGS),
        deletion_protection=ctx.production_grade,
        depends_on=[logs],
    )
    EksAddon(
        scope,
        "vpc-cni",
        cluster_name=eks.name,
        addon_name="vpc-cni",
        configuration_values=json.dumps({"enableNetworkPolicy": "true"}, sort_keys=True),
        resolve_conflicts_on_create="OVERWRITE",
        resolve_conflicts_on_update="OVERWRITE",
    )
    issuer = eks.identity.get(0).oidc.get(0).issuer
    oidc = IamOpenidConnectProvider(scope, "eks-oidc", url=issuer, client_id_list=["sts.amazonaws.com"])
    issuer_host = Fn.replace(issuer, "https://", "")
    subject = f"system:serviceaccount:{ctx.cluster.namespace}:{ctx.cluster.platform.name}"
    workload = IamRole(
        scope,
        "workload-role",
        name=ctx.cluster.identity.rsplit("/", 1)[-1],
        assume_role_policy=irsa_trust(oidc.arn, issuer_host, subject),
    )
    _node_groups(scope, ctx, net, eks.name)
    return Cluster(
        name=eks.name,
        endpoint=eks.endpoint,
        oidc_issuer=issuer,
        workload_role_arn=workload.arn,
        security_group_id=eks.vpc_config.cluster_security_group_id,
        oidc_provider_arn=oidc.arn,
        oidc_issuer_host=issuer_host,
    )


def irsa_trust(provider_arn: str, issuer_host: str, subject: str) -> str:
    """The trust policy of an IRSA role: tokens of ServiceAccount ``subject``
    (``system:serviceaccount:<namespace>:<name>``) issued by the cluster, for STS."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Federated": provider_arn},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {f"{issuer_host}:sub": subject, f"{issuer_host}:aud": "sts.amazonaws.com"}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, sort_keys=True)


def _node_groups(scope: Construct, ctx: StackContext, net: Network, eks_name: str) -> None:
    role = service_role(scope, "node-role", ctx.name("eks-node"), "ec2.amazonaws.com", NODE_POLICIES)
    machines = ctx.infra.machines
    groups: list[tuple[str, Pool, list[str], str, dict[str, Any]]] = [
        (
            "system",
            ctx.env.system_pool,
            [machines.system],
            "ON_DEMAND",
            {"taint": [EksNodeGroupTaint(key="CriticalAddonsOnly", value="true", effect="NO_SCHEDULE")]},
        ),
        ("app", ctx.env.app_pool, [machines.app], "ON_DEMAND", {}),
        ("spot", ctx.env.spot_pool, list(machines.spot), "SPOT", {}),
    ]
    if ctx.cluster.env.gpu.enabled:
        groups.append(
            (
                "gpu",
                ctx.env.gpu_pool,
                [machines.gpu],
                "ON_DEMAND",
                {
                    "ami_type": "AL2023_x86_64_NVIDIA",
                    "taint": [EksNodeGroupTaint(key="nvidia.com/gpu", value="true", effect="NO_SCHEDULE")],
                },
            )
        )
    for group, pool, types, capacity, extra in groups:
        EksNodeGroup(
            scope,
            f"nodes-{group}",
            cluster_name=eks_name,
            node_group_name=group,
            node_role_arn=role.arn,
            subnet_ids=net.private_subnet_ids,
            instance_types=types,
            capacity_type=capacity,
            scaling_config={"min_size": pool.min, "max_size": pool.max, "desired_size": pool.min},
            labels={"pool": group, "capacity": capacity.lower()},
            lifecycle={"ignore_changes": ["scaling_config[0].desired_size"]},
            **extra,
        )
