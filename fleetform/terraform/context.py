"""What every construct of a stack needs to know: the cluster, its infra settings, names and tags.

Pure Python (no cdktn import), so it is built and checked before any Node work starts.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from fleetform.errors import located
from fleetform.settings import Cluster
from fleetform.settings.infra import CloudInfra, EnvironmentInfra
from fleetform.settings.typed import Rule, check_rule
from fleetform.settings.yamlfile import read_settings_file

MANAGED_BY = "fleetform"

#: Machine settings whose meaning is cloud-specific: GCP's Managed Kafka is sized in vCPUs, not machines.
MACHINE_RULES: dict[str, dict[str, Rule]] = {
    "gcp": {"broker": Rule(pattern=r"[1-9]\d*", means="a vCPU count such as 3 (Managed Service for Apache Kafka)")},
    "azure": {
        "cache": Rule(
            pattern=r"Basic|Standard|Premium", means="an Azure Cache for Redis SKU: Basic, Standard or Premium"
        )
    },
}

#: Infra settings that are optional in the schema but needed by one cloud's stack.
REQUIRED_INFRA: dict[str, tuple[tuple[str, ...], ...]] = {
    "aws": (("state", "lock_table"),),
    "azure": (("state", "resource_group"),),
    "gcp": (("billing_account",),),
}


@dataclass(frozen=True)
class StackContext:
    """One cluster's stack inputs, validated."""

    cluster: Cluster
    infra: CloudInfra
    env: EnvironmentInfra

    @property
    def stack_id(self) -> str:
        """``<cloud>-<env>``, e.g. ``aws-production``."""
        return self.cluster.id

    @property
    def prefix(self) -> str:
        """Resource name prefix, e.g. ``ml-platform-production``."""
        return f"{self.cluster.platform.name}-{self.cluster.environment}"

    def name(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def compact_name(self, suffix: str, limit: int = 24) -> str:
        """Letters and digits only (Azure storage accounts, Key Vaults): ``mlplatformprodmodels``."""
        env = self.cluster.environment[:4]
        base = re.sub(r"[^a-z0-9]", "", f"{self.cluster.platform.name}{env}{suffix}")
        return base[:limit]

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
        """Tags of every taggable resource (AWS, Azure)."""
        return {
            "cost-center": self.env.cost_center,
            "environment": self.cluster.environment,
            "managed-by": MANAGED_BY,
            "owner": self.env.owner,
            "platform-version": self.cluster.platform.version,
        }

    @property
    def labels(self) -> dict[str, str]:
        """GCP labels: lowercase letters, digits, '-' and '_' only (so ``1.4.2`` becomes ``1-4-2``)."""
        return {key: re.sub(r"[^a-z0-9_-]", "-", value.lower()) for key, value in self.tags.items()}

    def subnet(self, index: int, new_prefix: int) -> str:
        """The ``index``-th subnet of size ``/new_prefix`` inside the VPC CIDR."""
        network = ipaddress.ip_network(self.cluster.cloud_settings.network.vpc_cidr)
        first = network.network_address + index * 2 ** (32 - new_prefix)
        return str(ipaddress.ip_network(f"{first}/{new_prefix}"))

    @property
    def private_subnets(self) -> list[str]:
        """Three /19 node subnets, one per zone: 0.0/19, 32.0/19, 64.0/19 of the VPC."""
        return [self.subnet(i, 19) for i in range(3)]

    @property
    def public_subnets(self) -> list[str]:
        """Three /24 subnets for load balancers and NAT gateways: 96.0/24, 97.0/24, 98.0/24."""
        return [self.subnet(96 + i, 24) for i in range(3)]

    @property
    def data_subnets(self) -> list[str]:
        """Two /24 subnets for managed data services / private endpoints: 100.0/24, 101.0/24."""
        return [self.subnet(100 + i, 24) for i in range(2)]


def build_context(cluster: Cluster, settings_root: Path) -> StackContext:
    """Check that the cluster has what a stack needs; raise the settings loader's one-line error if not."""
    cloud_path = settings_root / "clouds" / f"{cluster.cloud.name}.yaml"
    infra = cluster.cloud_settings.infra
    if infra is None:
        file = read_settings_file(cloud_path, cloud_path.as_posix())
        raise located(
            file.name,
            file.line(()),
            "infra",
            "missing key 'infra'",
            "an 'infra:' mapping with 'state' and 'machines' (fleetform/settings/infra.py)",
        )
    for path in REQUIRED_INFRA.get(cluster.cloud.name, ()):
        value: object = infra
        for part in path:
            value = getattr(value, part)
        if not value:
            file = read_settings_file(cloud_path, cloud_path.as_posix())
            place = ".".join(("infra", *path))
            raise located(
                file.name,
                file.line(("infra",)),
                place,
                f"'{place}' is empty",
                f"'{place}' to be set for {cluster.cloud.name}",
            )
    for name, rule in MACHINE_RULES.get(cluster.cloud.name, {}).items():
        file = read_settings_file(cloud_path, cloud_path.as_posix())
        check_rule(rule, getattr(infra.machines, name), file, ("infra", "machines", name))
    cidr = cluster.cloud_settings.network.vpc_cidr
    problem = _network_problem(cidr)
    if problem:
        file = read_settings_file(cloud_path, cloud_path.as_posix())
        raise located(
            file.name,
            file.line(("network", "vpc_cidr")),
            "network.vpc_cidr",
            problem,
            "an IPv4 CIDR of /16 or larger such as 10.10.0.0/16",
        )
    return StackContext(cluster=cluster, infra=infra, env=cluster.env.infra)


def _network_problem(cidr: str) -> str:
    try:
        network = ipaddress.ip_network(cidr)
    except ValueError:
        return f"{cidr!r} is not a network address"
    if network.version != 4 or network.prefixlen > 16:
        return f"{cidr!r} is too small for 3 private /19 and 3 public /24 subnets"
    return ""
