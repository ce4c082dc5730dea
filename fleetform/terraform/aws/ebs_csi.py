"""The EBS CSI driver as an EKS add-on, with its controller's IRSA role: the ``ml-ssd`` StorageClass
(``provisioner: ebs.csi.aws.com``) of the model cache volumes has nothing to provision it otherwise.

The role has AWS's managed ``AmazonEBSCSIDriverPolicyV2``: the least-privilege successor of
``AmazonEBSCSIDriverPolicy``, limited to volumes and snapshots tagged ``ebs.csi.aws.com/cluster: true``, which
the driver puts on every volume it creates (only imported volumes would need the tag added). No KMS statement:
the StorageClass encrypts with the account's AWS-managed EBS key (``encrypted: "true"``, no ``kmsKeyId``),
which needs no grant.
"""

from __future__ import annotations

from cdktn_provider_aws.eks_addon import EksAddon
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from fleetform.clouds.aws_capacity import EBS_CSI_SERVICE_ACCOUNT, ebs_csi_role
from fleetform.terraform.aws.cluster import Cluster, irsa_trust
from fleetform.terraform.context import StackContext

#: The add-on version: driver v1.64.0 (kubernetes-sigs/aws-ebs-csi-driver, 2026-08-18), the newest release whose
#: sources were reviewed; EKS publishes it as ``v1.64.0-eksbuild.1``. Pinned so that a plan never changes the
#: driver unasked; check it against ``aws eks describe-addon-versions --addon-name aws-ebs-csi-driver
#: --kubernetes-version <version>`` when the cluster's Kubernetes version moves.
ADDON_VERSION = "v1.64.0-eksbuild.1"
POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicyV2"


def build_ebs_csi(scope: Construct, ctx: StackContext, cluster: Cluster) -> EksAddon:
    """Role ``<prefix>-ebs-csi``, assumable only by ``kube-system/ebs-csi-controller-sa``, and the add-on that
    runs the driver with it."""
    role = IamRole(
        scope,
        "ebs-csi-role",
        name=ebs_csi_role(ctx.cluster.site),
        assume_role_policy=irsa_trust(cluster.oidc_provider_arn, cluster.oidc_issuer_host, EBS_CSI_SERVICE_ACCOUNT),
    )
    IamRolePolicyAttachment(scope, "ebs-csi-policy", role=role.name, policy_arn=POLICY_ARN)
    return EksAddon(
        scope,
        "ebs-csi",
        cluster_name=cluster.name,
        addon_name="aws-ebs-csi-driver",
        addon_version=ADDON_VERSION,
        service_account_role_arn=role.arn,
        resolve_conflicts_on_create="OVERWRITE",
        resolve_conflicts_on_update="OVERWRITE",
    )
