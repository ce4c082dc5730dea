"""Settings of the platform services around the workloads: GitOps (Flux), mesh, TLS, monitoring, backups.

Chart versions are pinned here (and only here): Flux installs exactly these Helm chart versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fleetform.rules import Rule

VERSION = Rule(pattern=r"v?\d+\.\d+\.\d+", means="an exact chart version such as 1.24.2")
#: Five cron fields: digits, ``*``, ``/``, ``,``, ``-`` and names (``MON``, ``JAN``), as a CronJob takes them.
CRON_PATTERN = r"[0-9*/,\-A-Za-z]+(\s+[0-9*/,\-A-Za-z]+){4}"
CRON = Rule(pattern=CRON_PATTERN, means="a five-field cron schedule such as '0 3 * * 0'")
DURATION = Rule(pattern=r"(\d+h)?(\d+m)?(\d+s)?", means="a duration such as 10m or 1h30m")
Version = Annotated[str, VERSION]


@dataclass(frozen=True)
class GitOps:
    """Where Flux pulls ``dist/`` from. ``secret`` names the Secret holding the deploy key, created at
    bootstrap (``flux create secret git``), never in ``dist/``."""

    url: Annotated[str, Rule(pattern=r"(ssh|https)://\S+", means="an ssh:// or https:// Git URL")] = (
        "ssh://git@github.com/acme/fleetform.git"
    )
    branch: str = "main"
    secret: str = "fleetform-git"
    interval: Annotated[str, DURATION] = "5m"


@dataclass(frozen=True)
class ChartVersions:
    """Helm chart versions of the platform controllers Flux installs."""

    istio: Version = "1.24.2"
    cert_manager: Version = "v1.17.1"
    kube_prometheus_stack: Version = "69.8.2"
    velero: Version = "8.5.0"
    #: AWS only: the AWS Load Balancer Controller (chart aws-load-balancer-controller, https://aws.github.io/eks-charts).
    aws_load_balancer_controller: Version = "3.5.0"


@dataclass(frozen=True)
class Tls:
    """Public TLS: the API is served as ``api.<environment>.<cloud>.<domain>`` with an ACME certificate."""

    domain: Annotated[str, Rule(pattern=r"([a-z0-9-]+\.)+[a-z]{2,}", means="a DNS domain such as ml.acme.example")] = (
        "ml.acme.example"
    )
    acme_email: Annotated[str, Rule(pattern=r"[^@\s]+@[^@\s]+\.[a-z]{2,}", means="an e-mail address")] = (
        "ml-platform-oncall@acme.example"
    )
    acme_server: str = "https://acme-v02.api.letsencrypt.org/directory"


@dataclass(frozen=True)
class Backups:
    """Velero backups of the platform namespace: daily, kept 30 days by default (7 at least: a week of
    restore points covers a problem noticed after a weekend)."""

    schedule: Annotated[str, CRON] = "0 1 * * *"
    retention_days: Annotated[int, Rule(ge=7, le=3650)] = 30


@dataclass(frozen=True)
class Alerts:
    """The platform's alerting rules: error rate > 1 % for 5 min, P95 > 500 ms for 3 min, model accuracy
    < 95 %, CPU > 90 % or memory > 95 % of limits, health check failures."""

    error_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.01
    error_for: Annotated[str, DURATION] = "5m"
    p95_latency_seconds: Annotated[float, Rule(ge=0)] = 0.5
    latency_for: Annotated[str, DURATION] = "3m"
    min_accuracy: Annotated[float, Rule(ge=0, le=1)] = 0.95
    cpu_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.90
    memory_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.95
