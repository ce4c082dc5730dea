"""AWS: EKS with IAM Roles for Service Accounts (IRSA), EBS gp3 volumes, internal NLBs, S3 buckets."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from fleetform.clouds.base import BACKUP_IDENTITY, BackupTarget, Site, StorageClass
from fleetform.rules import Rule


class Aws:
    name = "aws"
    account_rule = Rule(pattern=r"\d{12}", means="a 12-digit AWS account id")
    identity_rule = Rule(pattern=r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+", means="an IAM role ARN")
    machine_rules: Mapping[str, Rule] = MappingProxyType({})
    required_infra: tuple[tuple[str, ...], ...] = ()
    storage_class = StorageClass("ebs.csi.aws.com", MappingProxyType({"type": "gp3", "encrypted": "true"}))
    #: The AWS Load Balancer Controller's internal NLB, targeting pod IPs.
    load_balancer_annotations: Mapping[str, str] = MappingProxyType(
        {
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
        }
    )
    velero_provider = "aws"
    velero_plugin = "docker.io/velero/velero-plugin-for-aws:v1.14.2"
    istio_platform = ""
    kubernetes_service = "eks"
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    terraform_builder = "fleetform.terraform.aws.stack"

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {
            "eks.amazonaws.com/role-arn": identity,
            "eks.amazonaws.com/sts-regional-endpoints": "true",
        }

    def pod_labels(self) -> dict[str, str]:
        return {}

    def model_bucket(self, site: Site) -> str:
        """S3 bucket names are global: the account id keeps them unique."""
        return site.name(f"models-{site.account}")

    def dr_bucket(self, site: Site) -> str:
        return site.name(f"dr-{site.account}")

    def backup_target(self, site: Site) -> BackupTarget:
        if site.disaster_recovery:
            return BackupTarget(self.velero_provider, self.dr_bucket(site), {"region": site.dr_region})
        return BackupTarget(self.velero_provider, self.model_bucket(site), {"region": site.region})

    def backup_identity(self, site: Site, workload: str) -> str:
        """The IRSA role the stack creates for Velero (``fleetform/terraform/aws/backups.py``)."""
        return f"arn:aws:iam::{site.account}:role/{site.name(BACKUP_IDENTITY)}"
