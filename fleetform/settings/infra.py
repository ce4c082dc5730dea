"""Cloud infrastructure settings (the Terraform half): state backend, machine sizes, per-environment safety.

``CloudInfra`` is the ``infra:`` key of ``settings/clouds/<cloud>.yaml``; ``EnvironmentInfra`` is the
``infra:`` key of ``settings/environments/<env>.yaml``. Defaults are production's values:
highly available, deletion-protected, private API endpoint, disaster recovery on, spot <= 30 %.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Annotated

from fleetform.rules import Problem, Rule

#: Ceiling for spot capacity, in percent of the application node capacity: the share the platform can lose
#: to spot reclamation at once and still serve within its HPA bounds.
MAX_SPOT_PERCENT = 30

NAME = Rule(pattern=r"[a-z0-9]([-a-z0-9.]{1,61}[a-z0-9])", means="a bucket-style name (lowercase, digits, '-', '.')")
LABEL = Rule(
    pattern=r"[a-z0-9]([-a-z0-9_]{0,61}[a-z0-9])?", means="a lowercase label value (letters, digits, '-', '_')"
)
MACHINE = Rule(pattern=r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", means="a machine type such as m6i.2xlarge")

CIDR = Rule(pattern=r"\d{1,3}(\.\d{1,3}){3}/\d{1,2}", means="an IPv4 CIDR such as 203.0.113.0/24")

Name = Annotated[str, NAME]
Label = Annotated[str, LABEL]
Machine = Annotated[str, MACHINE]


@dataclass(frozen=True)
class StateBackend:
    """Remote Terraform state: S3 bucket (locked by a lock file in the bucket, ``use_lockfile``: DynamoDB
    locking is deprecated since Terraform 1.11), Azure storage account, or GCS bucket.

    ``bucket`` is the S3/GCS bucket or the Azure storage account; ``resource_group`` and ``container`` are
    Azure only. The key/prefix is ``<cloud>-<env>``.
    """

    bucket: Name
    resource_group: str = ""
    container: str = "tfstate"


@dataclass(frozen=True)
class Machines:
    """Machine types of the node pools and managed services on one cloud."""

    system: Machine
    app: Machine
    spot: tuple[Machine, ...]
    gpu: Machine
    database: Machine
    cache: Machine
    broker: Machine

    def problems(self) -> list[Problem]:
        if not self.spot:
            return [Problem(("spot",), "empty list", "at least one spot machine type")]
        return []


@dataclass(frozen=True)
class CloudInfra:
    """Per-cloud infrastructure facts (``infra:`` in ``settings/clouds/<cloud>.yaml``)."""

    state: StateBackend
    machines: Machines
    postgres_version: Annotated[str, Rule(pattern=r"\d{2}(\.\d+)?", means="a major version such as 16")] = "16"
    budget_emails: tuple[str, ...] = ("ml-platform-finops@acme.example",)
    #: Cloud billing account the budget watches (GCP only), e.g. 01A2B3-C4D5E6-F7A8B9.
    billing_account: Annotated[
        str,
        Rule(
            pattern=r"([0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6})?", means="a billing account id such as 01A2B3-C4D5E6-F7A8B9"
        ),
    ] = ""
    #: GKE only: the Google Group whose nested groups RoleBindings may name (Google Groups for RBAC); GKE
    #: requires the name ``gke-security-groups@<Workspace domain>``.
    rbac_security_group: Annotated[
        str,
        Rule(
            pattern=r"(gke-security-groups@([a-z0-9-]+\.)+[a-z]{2,})?",
            means="gke-security-groups@<your Google Workspace domain>",
        ),
    ] = ""
    #: Azure only: who issues the API's TLS certificate in the Key Vault (the Application Gateway serves it).
    #: ``Self``: the vault signs it (the stack works from the first apply, clients must be given the certificate to
    #: trust); or the name of a certificate authority issuer registered in the vault (DigiCert or GlobalSign, set up
    #: with the CA account's credentials), which then issues and renews a publicly trusted certificate.
    certificate_issuer: Annotated[
        str, Rule(pattern=r"[A-Za-z0-9-]{1,127}", means="a Key Vault issuer name: Self, or a registered CA issuer")
    ] = "Self"
    #: Public DNS zone; the API host is ``api.<env>.<cloud>.<dns_zone>``.
    dns_zone: Annotated[str, Rule(pattern=r"([a-z0-9-]+\.)+[a-z]{2,}", means="a DNS zone such as ml.acme.example")] = (
        "ml.acme.example"
    )


@dataclass(frozen=True)
class Pool:
    """Autoscaling bounds of one node pool (nodes)."""

    min: Annotated[int, Rule(ge=0, le=1000)]
    max: Annotated[int, Rule(ge=1, le=1000)]

    def problems(self) -> list[Problem]:
        if self.max < self.min:
            return [Problem(("max",), f"{self.max} is less than min ({self.min})", "max >= min")]
        return []


def spot_percent(on_demand: int, spot: int) -> float:
    """Spot nodes as a percentage of all application nodes (0 when there are none)."""
    total = on_demand + spot
    return 0.0 if total == 0 else 100.0 * spot / total


@dataclass(frozen=True)
class EnvironmentInfra:
    """Per-environment infrastructure (``infra:`` in ``settings/environments/<env>.yaml``)."""

    system_pool: Pool = Pool(min=3, max=5)
    app_pool: Pool = Pool(min=3, max=21)
    spot_pool: Pool = Pool(min=1, max=9)
    gpu_pool: Pool = Pool(min=0, max=4)
    high_availability: bool = True
    deletion_protection: bool = True
    private_api: bool = True
    #: With ``private_api`` off: the only networks that reach the public API endpoint (the team's VPN egress).
    api_allowed_cidrs: tuple[Annotated[str, CIDR], ...] = ()
    disaster_recovery: bool = True
    serverless: bool = False
    backup_retention_days: Annotated[int, Rule(ge=7, le=35)] = 14
    #: Audit and access logs (control plane, flow, WAF, database): a year by default, the common SOC 2 / ISO
    #: 27001 audit period; dev and staging keep less (they hold no production data).
    log_retention_days: Annotated[int, Rule(ge=1, le=3653)] = 365
    monthly_budget: Annotated[int, Rule(ge=1)] = 25000
    cost_center: Label = "ml-platform"
    owner: Label = "ml-platform-team"

    def problems(self) -> list[Problem]:
        return self._cidr_problems() or self._spot_problems()

    def _cidr_problems(self) -> list[Problem]:
        """Networks the public endpoint admits (policy tf-private-control-plane): real networks, never all."""
        for i, cidr in enumerate(self.api_allowed_cidrs):
            try:
                network = ipaddress.ip_network(cidr)
            except ValueError:
                return [
                    Problem(
                        ("api_allowed_cidrs", i), f"{cidr!r} is not a network address", "a CIDR such as 203.0.113.0/24"
                    )
                ]
            if network.prefixlen == 0:
                return [Problem(("api_allowed_cidrs", i), f"{cidr!r} is the whole internet", "the team's own networks")]
        if not self.private_api and not self.api_allowed_cidrs:
            return [
                Problem(
                    ("api_allowed_cidrs",),
                    "empty while private_api is false (the API would be open to the internet)",
                    "the networks that may reach the public API endpoint, or private_api: true",
                )
            ]
        return []

    def _spot_problems(self) -> list[Problem]:
        for bound in ("min", "max"):
            share = spot_percent(getattr(self.app_pool, bound), getattr(self.spot_pool, bound))
            if share > MAX_SPOT_PERCENT:
                return [
                    Problem(
                        ("spot_pool", bound),
                        f"spot is {share:.1f} % of app_pool.{bound} + spot_pool.{bound}",
                        f"spot at most {MAX_SPOT_PERCENT} % of application nodes",
                    )
                ]
        return []
