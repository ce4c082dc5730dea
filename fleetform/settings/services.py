"""Settings of the platform services around the workloads: GitOps (Flux), mesh, TLS, monitoring, backups.

Chart versions are pinned here (and only here): Flux installs exactly these Helm chart versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fleetform.rules import Rule
from fleetform.settings.formats import (
    CRON,
    DNS_LABEL,
    DNS_SUBDOMAIN,
    GIT_BRANCH,
    GIT_URL,
    HTTPS_URL,
    dns_subdomain_problem,
)

VERSION = Rule(pattern=r"v?\d+\.\d+\.\d+", means="an exact chart version such as 1.24.2")
#: A Go duration as Flux and Prometheus take them, above zero (a zero interval or ``for`` is meaningless).
DURATION = Rule(
    pattern=r"(?=.)(\d+h)?(\d+m)?(\d+s)?",
    means="a duration above zero such as 10m or 1h30m",
    problem=lambda v: "is zero" if not v.strip("0hms") else None,
)
#: A public DNS name: a DNS subdomain with at least two labels and a top-level domain of letters.
DOMAIN = Rule(
    pattern=r"([a-z0-9-]+\.)+[a-z]{2,}", means="a DNS domain such as ml.acme.example", problem=dns_subdomain_problem
)
Version = Annotated[str, VERSION]
#: Where the repository keeps one runbook per alert, ``<alert>.md`` (tests/test_runbooks.py checks both ways).
RUNBOOKS = "docs/runbooks"


@dataclass(frozen=True)
class GitOps:
    """Where Flux pulls ``dist/`` from. ``secret`` names the Secret holding the deploy key, created at
    bootstrap (``flux create secret git``), never in ``dist/``. ``web`` is the same repository's web page:
    alerts link to their runbooks there (:attr:`runbooks`)."""

    url: Annotated[str, GIT_URL] = "ssh://git@github.com/acme/fleetform.git"
    branch: Annotated[str, GIT_BRANCH] = "main"
    secret: Annotated[str, DNS_SUBDOMAIN] = "fleetform-git"
    interval: Annotated[str, DURATION] = "5m"
    web: Annotated[str, HTTPS_URL] = "https://github.com/acme/fleetform"

    @property
    def runbooks(self) -> str:
        """The runbooks folder of the branch Flux follows (``docs/runbooks/``, one ``<alert>.md`` per alert),
        as a browser opens it: what an alert's ``runbook_url`` points into."""
        return f"{self.web.rstrip('/')}/blob/{self.branch}/{RUNBOOKS}"


@dataclass(frozen=True)
class ChartVersions:
    """Helm chart versions of the platform's controllers: each field pins the component of the same name
    (``cert_manager`` is ``cert-manager``, :data:`fleetform.versions.COMPONENTS`), whose data (support record,
    values schemas, CRD schemas) must be vendored (``fleetform schemas list``). Every default is the newest
    release that could be vendored, supported on 2026-11-30 unless its support record holds an exception.
    ``karpenter`` is installed on EKS only, ``nvidia_device_plugin`` with GPU acceleration outside GKE
    (:mod:`fleetform.k8s.charts.capacity`), ``falco`` where ``runtime_security.enabled``, ``flagger`` where an
    environment's ``delivery`` is canary or blue-green (:mod:`fleetform.k8s.constructs.progressive_delivery`);
    ``external_secrets`` and ``aws_load_balancer_controller`` are pinned and vendored ahead of the constructs that
    install them."""

    istio: Version = "1.30.3"
    cert_manager: Version = "v1.21.1"
    kube_prometheus_stack: Version = "88.5.3"
    velero: Version = "12.1.0"
    external_secrets: Version = "2.9.0"
    karpenter: Version = "1.14.1"
    aws_load_balancer_controller: Version = "3.5.0"
    nvidia_device_plugin: Version = "0.20.0"
    opentelemetry_collector: Version = "0.170.0"
    jaeger: Version = "4.11.1"
    fluent_bit: Version = "0.58.1"
    falco: Version = "9.1.0"
    flagger: Version = "1.44.0"


@dataclass(frozen=True)
class Tls:
    """Public TLS: the API is served as ``api.<environment>.<cloud>.<domain>`` with an ACME certificate."""

    domain: Annotated[str, DOMAIN] = "ml.acme.example"
    acme_email: Annotated[str, Rule(pattern=r"[^@\s]+@[^@\s]+\.[a-z]{2,}", means="an e-mail address")] = (
        "ml-platform-oncall@acme.example"
    )
    acme_server: Annotated[str, HTTPS_URL] = "https://acme-v02.api.letsencrypt.org/directory"


@dataclass(frozen=True)
class Backups:
    """Velero backups of the platform namespace: daily, kept 30 days by default (7 at least: a week of
    restore points covers a problem noticed after a weekend)."""

    schedule: Annotated[str, CRON] = "0 1 * * *"
    retention_days: Annotated[int, Rule(ge=7, le=3650)] = 30


@dataclass(frozen=True)
class Secrets:
    """How Secrets reach the clusters: External Secrets Operator reads the cloud's secret store through the
    ClusterSecretStore ``store`` and re-reads every entry each ``refresh_interval`` (endpoints change
    rarely; a rotated alert receiver reaches Alertmanager within that time)."""

    store: Annotated[str, DNS_LABEL] = "cloud-secrets"
    refresh_interval: Annotated[str, DURATION] = "1h"


#: Where Alertmanager sends a severity: ``pager`` (PagerDuty, whose routing key is in the secret store),
#: ``chat`` (a Slack incoming webhook, its URL in the secret store), ``none`` (the null receiver).
Receiver = Literal["pager", "chat", "none"]


@dataclass(frozen=True)
class AlertReceivers:
    """Alert routing by severity: production pages on critical alerts and posts warnings to chat."""

    critical: Receiver = "pager"
    warning: Receiver = "chat"

    @property
    def used(self) -> tuple[str, ...]:
        """The receivers with an endpoint (not ``none``), sorted: the store entries the stack creates."""
        return tuple(sorted({self.critical, self.warning} - {"none"}))


@dataclass(frozen=True)
class Alerts:
    """The platform's alerting rules: error rate > 1 % for 5 min, P95 > 500 ms for 3 min, model accuracy
    < 95 %, CPU > 90 % or memory > 95 % of a container's limits, health check failures; and where they go."""

    error_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.01
    error_for: Annotated[str, DURATION] = "5m"
    p95_latency_seconds: Annotated[float, Rule(ge=0.001, le=3600)] = 0.5
    latency_for: Annotated[str, DURATION] = "3m"
    min_accuracy: Annotated[float, Rule(ge=0, le=1)] = 0.95
    cpu_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.90
    memory_ratio: Annotated[float, Rule(ge=0, le=1)] = 0.95
    receivers: AlertReceivers = AlertReceivers()
