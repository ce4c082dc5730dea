"""AWS: EKS with IAM Roles for Service Accounts (IRSA), EBS gp3 volumes, S3 buckets, and an ALB whose target
group the AWS Load Balancer Controller fills with the ingress gateway's pod addresses (a TargetGroupBinding)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from fleetform.clouds.base import BACKUP_IDENTITY, BackupTarget, Site, StorageClass
from fleetform.clouds.ingress import Backend, ControllerRelease, Exposure
from fleetform.clouds.secrets import store_identity_name
from fleetform.rules import Problem, Rule

#: The AWS Load Balancer Controller: its HelmRelease, namespace and ServiceAccount (the IRSA trust names it).
LB_CONTROLLER = "aws-load-balancer-controller"
#: Its admission webhooks (TargetGroupBinding validation, pod readiness gates) listen here.
LB_CONTROLLER_WEBHOOK_PORT = 9443


def cluster_name(site: Site) -> str:
    """The EKS cluster: the stack names it, the controller's ``clusterName`` value must equal it."""
    return site.name("eks")


def vpc_name(site: Site) -> str:
    """The VPC's ``Name`` tag: the controller finds the VPC by it (``vpcTags``), its id being known only after apply."""
    return site.name("vpc")


def target_group_name(site: Site) -> str:
    """The ALB's target group of the API (at most 32 characters): the stack creates it, the TargetGroupBinding
    names it (``targetGroupName``), since its ARN is known only after apply."""
    return site.name("api")


def lb_controller_role(site: Site) -> str:
    """The IAM role of the AWS Load Balancer Controller (IRSA): the stack creates it, the chart's ServiceAccount
    carries its ARN."""
    return site.name("lb-controller")


class Aws:
    name = "aws"
    account_rule = Rule(pattern=r"\d{12}", means="a 12-digit AWS account id")
    identity_rule = Rule(pattern=r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+", means="an IAM role ARN")
    machine_rules: Mapping[str, Rule] = MappingProxyType({})
    required_infra: tuple[tuple[str, ...], ...] = ()
    storage_class = StorageClass("ebs.csi.aws.com", MappingProxyType({"type": "gp3", "encrypted": "true"}))
    #: The ALB lives in the VPC's public subnets: the VPC's range covers its requests and health checks.
    load_balancer_sources: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = (LB_CONTROLLER,)
    velero_provider = "aws"
    velero_plugin = "docker.io/velero/velero-plugin-for-aws:v1.14.2"
    istio_platform = ""
    kubernetes_service = "eks"
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    terraform_builder = "fleetform.terraform.aws.stack"
    #: The role ARN follows from the account and the role's name.
    store_identity_in_settings = False

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {
            "eks.amazonaws.com/role-arn": identity,
            "eks.amazonaws.com/sts-regional-endpoints": "true",
        }

    def pod_labels(self) -> dict[str, str]:
        return {}

    def exposure(self, site: Site, backend: Backend, address: str) -> Exposure:
        """A ClusterIP Service: the ALB sends to the pods' addresses, which the controller registers in the
        target group (``target_type = ip``; the VPC CNI gives pods VPC addresses)."""
        return Exposure("ClusterIP", target_group=target_group_name(site))

    def load_balancer_controller(self, site: Site) -> ControllerRelease:
        """The AWS Load Balancer Controller, told its cluster, region and VPC (by tag: the VPC id is known only
        after apply) instead of asking the instance metadata service. It serves TargetGroupBindings only: no
        IngressClass, and it does not take over new LoadBalancer Services (the service mutator webhook is off).
        Pods run as non-root with the RuntimeDefault seccomp profile (Pod Security ``restricted``)."""
        role_arn = f"arn:aws:iam::{site.account}:role/{lb_controller_role(site)}"
        return ControllerRelease(
            name=LB_CONTROLLER,
            chart="aws-load-balancer-controller",
            repository="eks",
            url="https://aws.github.io/eks-charts",
            version_setting="aws_load_balancer_controller",
            values={
                "clusterName": cluster_name(site),
                "region": site.region,
                "vpcTags": {"Name": vpc_name(site)},
                "replicaCount": 2,
                "serviceAccount": {
                    "create": True,
                    "name": LB_CONTROLLER,
                    "annotations": self.service_account_annotations(role_arn),
                },
                "createIngressClassResource": False,
                "enableServiceMutatorWebhook": False,
                "defaultTargetType": "ip",
                "podSecurityContext": {"fsGroup": 65534, "seccompProfile": {"type": "RuntimeDefault"}},
                "securityContext": {
                    "allowPrivilegeEscalation": False,
                    "capabilities": {"drop": ["ALL"]},
                    "readOnlyRootFilesystem": True,
                    "runAsNonRoot": True,
                },
            },
            webhook_ports=(LB_CONTROLLER_WEBHOOK_PORT,),
            internet_ports=(443,),  # the AWS APIs: Elastic Load Balancing, EC2, STS
        )

    def ingress_address_problem(self, vpc_cidr: str, address: str) -> Problem | None:
        if address:
            return Problem(
                ("ingress_ip",),
                f"{address!r} is set, but the ALB reaches the gateway's pods directly on AWS",
                "no ingress_ip for aws",
            )
        return None

    def model_bucket(self, site: Site) -> str:
        """S3 bucket names are global: the account id keeps them unique."""
        return site.name(f"models-{site.account}")

    def dr_bucket(self, site: Site) -> str:
        return site.name(f"dr-{site.account}")

    def backup_target(self, site: Site) -> BackupTarget:
        if site.disaster_recovery:
            return BackupTarget(self.velero_provider, self.dr_bucket(site), {"region": site.dr_region})
        return BackupTarget(self.velero_provider, self.model_bucket(site), {"region": site.region})

    def secret_store_identity(self, site: Site, configured: Mapping[str, str]) -> str:
        """The IRSA role the stack creates for the store's reader."""
        return f"arn:aws:iam::{site.account}:role/{store_identity_name(site)}"

    def secret_store_provider(self, site: Site, reader: Mapping[str, str]) -> dict[str, Any]:
        """Secrets Manager of the cluster's region; External Secrets Operator requests a token for ``reader``
        and exchanges it for the role in its ``eks.amazonaws.com/role-arn`` annotation (IRSA)."""
        return {
            "aws": {
                "service": "SecretsManager",
                "region": site.region,
                "auth": {"jwt": {"serviceAccountRef": dict(reader)}},
            }
        }

    def backup_identity(self, site: Site, workload: str) -> str:
        """The IRSA role the stack creates for Velero (``fleetform/terraform/aws/backups.py``)."""
        return f"arn:aws:iam::{site.account}:role/{site.name(BACKUP_IDENTITY)}"
