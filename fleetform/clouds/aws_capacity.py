"""AWS capacity: the names both halves use for Karpenter (EKS node autoscaling) and the EBS CSI driver.

The Terraform stack creates the IAM roles, the interruption queue and the discovery tags; the Kubernetes half
names them in the Karpenter release's values and its EC2NodeClass. Each name comes from one function here, so
the two halves cannot drift apart (the cluster's own name is :func:`fleetform.clouds.aws.cluster_name`:
Karpenter's ``settings.clusterName`` and the discovery tags repeat it).
"""

from __future__ import annotations

from fleetform.clouds.base import Site

#: Karpenter's HelmRelease, namespace and ServiceAccount (the IRSA trust of its role names them).
KARPENTER = "karpenter"
#: The tag Karpenter's EC2NodeClass selects subnets and security groups by (value: the cluster's name).
DISCOVERY_TAG = "karpenter.sh/discovery"
#: The EBS CSI driver's controller ServiceAccount, as the EKS add-on creates it (kube-system/ebs-csi-controller-sa).
EBS_CSI_SERVICE_ACCOUNT = "system:serviceaccount:kube-system:ebs-csi-controller-sa"


def node_role(site: Site) -> str:
    """The IAM role of every node: the managed node groups' and the nodes Karpenter launches (EC2NodeClass
    ``role``), so one EKS access entry covers both."""
    return site.name("eks-node")


def karpenter_role(site: Site) -> str:
    """Karpenter's controller role (IRSA): the stack creates it, the chart's ServiceAccount carries its ARN."""
    return site.name("karpenter")


def karpenter_role_arn(site: Site) -> str:
    return f"arn:aws:iam::{site.account}:role/{karpenter_role(site)}"


def interruption_queue(site: Site) -> str:
    """The SQS queue of EC2 interruption events (spot reclaims, rebalance, health, state changes): the stack
    creates it and routes the events to it, Karpenter's ``settings.interruptionQueue`` names it."""
    return site.name("karpenter")


def ebs_csi_role(site: Site) -> str:
    """The EBS CSI driver's controller role (IRSA), given to the ``aws-ebs-csi-driver`` EKS add-on."""
    return site.name("ebs-csi")
