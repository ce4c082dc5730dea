"""What every construct of a stack needs to know: the cluster, its infra settings, names and tags.

Pure Python (no cdktn import) and picklable: the synth pipeline builds it from the loaded settings (which
the settings loader has checked completely) and sends it to the worker process that runs cdktn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fleetform.clouds.ingress import NODE_SUBNET_PREFIX, subnet
from fleetform.settings import Cluster
from fleetform.settings.infra import CloudInfra, EnvironmentInfra

MANAGED_BY = "fleetform"


@dataclass(frozen=True)
class StackContext:
    """One cluster's stack inputs."""

    cluster: Cluster

    @property
    def infra(self) -> CloudInfra:
        """The cloud's infra settings (``infra:`` of ``settings/clouds/<cloud>.yaml``)."""
        return self.cluster.cloud_settings.infra

    @property
    def kubernetes_version(self) -> str:
        """The cluster's Kubernetes minor: the platform's, as the Pod Security labels and validation use it."""
        return self.cluster.platform.kubernetes_version

    @property
    def env(self) -> EnvironmentInfra:
        """The environment's infra settings (``infra:`` of ``settings/environments/<env>.yaml``)."""
        return self.cluster.env.infra

    @property
    def stack_id(self) -> str:
        """``<cloud>-<env>``, e.g. ``aws-production``."""
        return self.cluster.id

    @property
    def prefix(self) -> str:
        """Resource name prefix, e.g. ``ml-platform-production``."""
        return self.cluster.site.prefix

    def name(self, suffix: str) -> str:
        return self.cluster.site.name(suffix)

    def compact_name(self, suffix: str, limit: int = 24) -> str:
        """Letters and digits only (Azure storage accounts, Key Vaults): ``mlplatformprodmodels``."""
        return self.cluster.site.compact_name(suffix, limit)

    @property
    def model_bucket(self) -> str:
        """The model bucket (storage account on Azure), named by the cloud: Velero's backup location names it too."""
        return self.cluster.cloud.model_bucket(self.cluster.site)

    @property
    def dr_bucket(self) -> str:
        """Its replica in the DR region, named by the cloud."""
        return self.cluster.cloud.dr_bucket(self.cluster.site)

    @property
    def account(self) -> str:
        """AWS account id / Azure subscription id / GCP project id of this environment."""
        return self.cluster.cloud_settings.accounts[self.cluster.environment]

    @property
    def region(self) -> str:
        return self.cluster.cloud_settings.region

    @property
    def dr_region(self) -> str:
        return self.cluster.cloud_settings.dr_region

    @property
    def zones(self) -> tuple[str, ...]:
        return self.cluster.cloud_settings.zones[:3]

    @property
    def production_grade(self) -> bool:
        """Deletion protection on: the environment's data must survive a bad apply."""
        return self.env.deletion_protection

    @property
    def tags(self) -> dict[str, str]:
        """Tags of every taggable resource (AWS, Azure): who pays, which environment, who owns it, what
        manages it. No platform version: the infrastructure is not part of an application release, and a tag
        that changes with every release would touch every taggable resource of every stack (a Terraform diff
        and plan on each release) for a grouping cost reports rarely need; the release is on the workloads
        (``app.kubernetes.io/version``)."""
        return {
            "cost-center": self.env.cost_center,
            "environment": self.cluster.environment,
            "managed-by": MANAGED_BY,
            "owner": self.env.owner,
        }

    @property
    def labels(self) -> dict[str, str]:
        """GCP labels: lowercase letters, digits, '-' and '_' only (other characters become ``-``)."""
        return {key: re.sub(r"[^a-z0-9_-]", "-", value.lower()) for key, value in self.tags.items()}

    def subnet(self, index: int, new_prefix: int) -> str:
        """The ``index``-th subnet of size ``/new_prefix`` inside the VPC CIDR (a /16 or larger: the settings
        loader checks it)."""
        return subnet(self.cluster.cloud_settings.network.vpc_cidr, index, new_prefix)

    @property
    def private_subnets(self) -> list[str]:
        """Three /19 node subnets, one per zone: 0.0/19, 32.0/19, 64.0/19 of the VPC (the first is
        ``fleetform.clouds.ingress.node_subnet``, where Azure's ingress address lives)."""
        return [self.subnet(i, NODE_SUBNET_PREFIX) for i in range(3)]

    @property
    def api_host(self) -> str:
        """``api.<environment>.<cloud>.<dns_zone>``: the public name the load balancer's listener and
        certificate serve."""
        return f"api.{self.cluster.environment}.{self.cluster.cloud.name}.{self.infra.dns_zone}"

    @property
    def public_subnets(self) -> list[str]:
        """Three /24 subnets for load balancers and NAT gateways: 96.0/24, 97.0/24, 98.0/24."""
        return [self.subnet(96 + i, 24) for i in range(3)]

    @property
    def data_subnets(self) -> list[str]:
        """Two /24 subnets for managed data services / private endpoints: 100.0/24, 101.0/24."""
        return [self.subnet(100 + i, 24) for i in range(2)]
