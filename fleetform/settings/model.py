"""The settings schema: frozen dataclasses whose defaults are the platform's production requirements.

Defaults live here and only here. ``settings/environments/production.yaml`` may therefore be short: the
defaults are production's numbers (replicas 3..50, HPA targets CPU 70 % / memory 80 %, 4 CPU / 8 GB per pod
as the supported minimum and 16 CPU / 32 GB as the recommended production size, ``ML_WORKERS=4``,
retraining on, GPU off). Other environments state only their differences.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fleetform.clouds import CLOUDS
from fleetform.rules import Problem, Rule
from fleetform.settings.delivery import Delivery
from fleetform.settings.formats import (
    CRON,
    DNS_LABEL,
    LABEL_KEY,
    LABEL_VALUE,
    REGION,
    TIME_ZONE,
    ZONE,
    positive_quantity_problem,
)
from fleetform.settings.infra import CloudInfra, EnvironmentInfra
from fleetform.settings.namespaces import CONTROLLER_NAMESPACES, platform_namespace
from fleetform.settings.quantity import parse_quantity
from fleetform.settings.release import PLATFORM_VERSION, Images, Release
from fleetform.settings.runtime_security import RuntimeSecurity
from fleetform.settings.services import Alerts, Backups, ChartVersions, GitOps, Secrets, Tls
from fleetform.settings.telemetry import Logging, Tracing

CPU = Rule(
    pattern=r"\d+(\.\d+)?m?", means="a CPU quantity above zero such as 500m or 4", problem=positive_quantity_problem
)
MEMORY = Rule(
    pattern=r"\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?",
    means="a byte quantity above zero such as 512Mi or 8Gi",
    problem=positive_quantity_problem,
)
PERCENT = Rule(ge=1, le=100)
#: A model registry version as the workers load it, also a label value (letters, digits, '.', '-', '_').
MODEL_VERSION = Rule(
    pattern=r"[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?", means="a model version such as 2026.11.1"
)
#: A feature flag's name: lowercase words joined by '_', becoming the env var FEATURE_<NAME>.
FLAG_NAME = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
FLAG_MEANS = "a lowercase name such as batch_predictions (read as FEATURE_BATCH_PREDICTIONS)"

DnsLabel = Annotated[str, DNS_LABEL]
Cron = Annotated[str, CRON]
Cpu = Annotated[str, CPU]
Memory = Annotated[str, MEMORY]


@dataclass(frozen=True)
class Compute:
    """CPU and memory of one container."""

    cpu: Cpu
    memory: Memory


@dataclass(frozen=True)
class Resources:
    """Requests default to the serving image's supported minimum (4 CPU, 8 GB: below it a model does not load
    with headroom); limits to the recommended production size (16 CPU, 32 GB)."""

    requests: Compute = Compute(cpu="4", memory="8Gi")
    limits: Compute = Compute(cpu="16", memory="32Gi")

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        for res in ("cpu", "memory"):
            req, lim = getattr(self.requests, res), getattr(self.limits, res)
            if parse_quantity(lim) < parse_quantity(req):
                out.append(
                    Problem(
                        ("limits", res), f"{lim} is below requests.{res} ({req})", f"limits.{res} >= requests.{res}"
                    )
                )
        return out


@dataclass(frozen=True)
class Replicas:
    """Autoscaling bounds. Production: min 3 (one pod per zone survives a zone loss), max 50 (the capacity the
    production node pools are sized for)."""

    min: Annotated[int, Rule(ge=1)] = 3
    max: Annotated[int, Rule(ge=1, le=1000)] = 50

    def problems(self) -> list[Problem]:
        if self.max < self.min:
            return [Problem(("max",), f"{self.max} is less than min ({self.min})", "max >= min")]
        return []


@dataclass(frozen=True)
class Workload:
    """Scaling and sizing of one Deployment."""

    replicas: Replicas = Replicas()
    resources: Resources = Resources()


@dataclass(frozen=True)
class Autoscaling:
    """HPA utilization targets: CPU 70 % and memory 80 % of requests leave headroom for the ~1 min it takes a
    new pod to become ready."""

    cpu_percent: Annotated[int, PERCENT] = 70
    memory_percent: Annotated[int, PERCENT] = 80


@dataclass(frozen=True)
class Retraining:
    """``ENABLE_AUTO_RETRAINING``: when on, a CronJob retrains the model on this schedule."""

    enabled: bool = True
    schedule: Cron = "0 3 * * 0"
    resources: Resources = Resources()


@dataclass(frozen=True)
class Gpu:
    """``ENABLE_GPU_ACCELERATION``: when on, model workers request GPUs and run on the GPU pool."""

    enabled: bool = False
    count: Annotated[int, Rule(ge=1, le=8)] = 1


@dataclass(frozen=True)
class OffHours:
    """Scheduled scale-down outside working hours, to save the cost of idle non-production capacity."""

    enabled: bool = False
    scale_down: Cron = "0 20 * * 1-5"
    scale_up: Cron = "0 7 * * 1-5"
    time_zone: Annotated[str, TIME_ZONE] = "Etc/UTC"


@dataclass(frozen=True)
class EnvironmentSettings:
    """One environment (``settings/environments/<name>.yaml``); unset keys take production's values."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    workers: Annotated[int, Rule(ge=1, le=64)] = 4
    api: Workload = Workload()
    worker: Workload = Workload()
    autoscaling: Autoscaling = Autoscaling()
    retraining: Retraining = Retraining()
    gpu: Gpu = Gpu()
    off_hours: OffHours = OffHours()
    model_cache_size: Memory = "100Gi"
    zone_spread: Literal["DoNotSchedule", "ScheduleAnyway"] = "DoNotSchedule"
    #: validationActions of the ValidatingAdmissionPolicyBindings: Deny in production, Warn+Audit elsewhere.
    admission_actions: tuple[Literal["Deny", "Warn", "Audit"], ...] = ("Deny",)
    #: Istio service mesh with STRICT mTLS; when off, the API is exposed by its own internal load balancer.
    mesh: bool = True
    backups: Backups = Backups()
    alerts: Alerts = Alerts()
    #: Traces (OpenTelemetry Collector -> Jaeger, the mesh's sampling) and logs (Fluent Bit -> Elasticsearch).
    tracing: Tracing = Tracing()
    logging: Logging = Logging()
    #: How a release reaches the API: rolling, canary or blue-green (fleetform/settings/delivery.py).
    delivery: Delivery = Delivery()
    #: The platform's Grafana dashboards (Service Overview, ML Model Performance, Infrastructure Health,
    #: Security, Business KPIs), loaded by the monitoring stack's Grafana.
    dashboards: bool = True
    #: Runtime security: Falco on every node, the platform's rules, its events routed as alerts.
    runtime_security: RuntimeSecurity = field(default_factory=RuntimeSecurity)
    #: The model version the workers serve (``ML_MODEL_VERSION``): pinned per environment, so promoting a
    #: model is a one-line change and rolling it back is a revert (the pods roll on the change).
    model_version: Annotated[str, MODEL_VERSION] = "2026.11.1"
    #: Runtime feature toggles the API reads (``FEATURE_<NAME>=true|false``); a flip is a one-line diff.
    feature_flags: dict[str, bool] = field(default_factory=dict)
    #: Cloud infrastructure of the environment (Terraform): pools, HA, deletion protection, DR, budget.
    infra: EnvironmentInfra = field(default_factory=EnvironmentInfra)
    #: The release pins this environment holds apart from platform.yaml (``fleetform promote`` writes them).
    release: Release = field(default_factory=Release)

    def problems(self) -> list[Problem]:
        """The combinations of validationActions the API server accepts: each once, never Deny with Warn;
        progressive delivery only with the mesh (Flagger shifts traffic through Istio)."""
        if self.delivery.progressive and not self.mesh:
            return [
                Problem(
                    ("delivery", "strategy"),
                    f"'{self.delivery.strategy}' needs the mesh (mesh: false)",
                    "mesh: true, or strategy: rolling",
                )
            ]
        for flag in self.feature_flags:
            if not FLAG_NAME.fullmatch(flag):
                return [Problem(("feature_flags", flag), f"{flag!r} is not a flag name", FLAG_MEANS)]
        actions = self.admission_actions
        if not actions:
            return [Problem(("admission_actions",), "empty list", "[Deny] or [Warn, Audit] (or any other mix)")]
        for i, action in enumerate(actions):
            if action in actions[:i]:
                return [Problem(("admission_actions", i), f"'{action}' listed twice", "each action once")]
        if "Deny" in actions and "Warn" in actions:
            return [
                Problem(
                    ("admission_actions",),
                    "Deny and Warn together (the API server refuses the binding)",
                    "Deny, or Warn, each optionally with Audit",
                )
            ]
        return []


@dataclass(frozen=True)
class PlatformSettings:
    """``settings/platform.yaml``: what is deployed where."""

    version: Annotated[str, PLATFORM_VERSION]
    images: Images
    name: DnsLabel = "ml-platform"
    #: The Kubernetes minor of every cluster: the Terraform clusters' version, the Pod Security labels'
    #: ``enforce-version``, the schemas ``fleetform validate`` checks against. 1.35 is in standard support on
    #: EKS, AKS and GKE on 2026-11-30 (1.32 is not; Flux 2.9 needs >= 1.33); each cloud's end of support is
    #: vendored data (``fleetform/versions/vendored/{eks,aks,gke}/``).
    kubernetes_version: Annotated[str, Rule(pattern=r"1\.\d{2}", means="a minor version such as 1.35")] = "1.35"
    #: The Flux release the ``flux`` layer installs (its vendored ``gotk-components.yaml``).
    flux_version: Annotated[str, Rule(pattern=r"v\d+\.\d+\.\d+", means="a Flux release such as v2.9.4")] = "v2.9.4"
    #: Default: every cloud fleetform supports (fleetform.clouds.CLOUDS).
    clouds: tuple[str, ...] = tuple(CLOUDS)
    environments: tuple[DnsLabel, ...] = ("dev", "staging", "production")
    connection_secret: DnsLabel = "ml-platform-connections"
    secrets: Secrets = Secrets()
    ingress_namespace: DnsLabel = "istio-ingress"
    gitops: GitOps = GitOps()
    charts: ChartVersions = ChartVersions()
    tls: Tls = Tls()

    def problems(self) -> list[Problem]:
        clouds = [CLOUDS[name] for name in self.clouds if name in CLOUDS]
        taken = (
            *CONTROLLER_NAMESPACES,
            *(ns for cloud in clouds for ns in cloud.namespaces),
            *(platform_namespace(env) for env in self.environments),
        )
        if self.ingress_namespace in taken:
            return [
                Problem(
                    ("ingress_namespace",),
                    f"'{self.ingress_namespace}' is a namespace the platform's charts create",
                    f"a namespace of its own, not one of {', '.join(taken)}",
                )
            ]
        return []


#: The smallest VPC the stacks' subnets fit in: 3 private /19 and 3 public /24 (see terraform/context.py).
MAX_VPC_PREFIX = 16


@dataclass(frozen=True)
class Network:
    """Addresses the NetworkPolicies allow: the VPC (databases, caches, brokers) and the API server.
    The Terraform stacks cut their subnets out of ``vpc_cidr``. ``ingress_ip``: where the cloud's public load
    balancer finds the ingress gateway, on clouds that reach it through a private address (Azure: the gateway's
    internal load balancer); each cloud checks it (``Cloud.ingress_address_problem``)."""

    vpc_cidr: str
    api_server_cidrs: tuple[str, ...]
    object_storage_cidrs: tuple[str, ...] = ("0.0.0.0/0",)
    ingress_ip: str = ""

    def problems(self) -> list[Problem]:
        """The VPC must hold the stacks' subnets; the NetworkPolicies' peers must be networks."""
        network = _network(self.vpc_cidr)
        if network is None or network.version != 4 or network.prefixlen > MAX_VPC_PREFIX:
            problem = (
                "is not a network address"
                if network is None
                else "is too small for 3 private /19 and 3 public /24 subnets"
            )
            return [
                Problem(
                    ("vpc_cidr",), f"{self.vpc_cidr!r} {problem}", "an IPv4 CIDR of /16 or larger such as 10.10.0.0/16"
                )
            ]
        for key in ("api_server_cidrs", "object_storage_cidrs"):
            cidrs: tuple[str, ...] = getattr(self, key)
            if not cidrs:
                return [Problem((key,), "empty list", "at least one CIDR")]
            for i, cidr in enumerate(cidrs):
                if _network(cidr) is None:
                    return [Problem((key, i), f"{cidr!r} is not a network address", "a CIDR such as 10.0.0.0/16")]
        return []


def _network(cidr: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(cidr)
    except ValueError:
        return None


@dataclass(frozen=True)
class Ports:
    """Ports of the managed data services as each cloud exposes them."""

    database: Annotated[int, Rule(ge=1, le=65535)] = 5432
    cache: Annotated[int, Rule(ge=1, le=65535)] = 6379
    broker: Annotated[int, Rule(ge=1, le=65535)] = 9092


@dataclass(frozen=True)
class GpuNodes:
    """How GPU nodes are selected on this cloud."""

    node_selector: dict[str, Annotated[str, LABEL_VALUE]]

    def problems(self) -> list[Problem]:
        for key in self.node_selector:
            problem = LABEL_KEY.problem(key) if LABEL_KEY.problem is not None else None
            if problem is not None:
                return [Problem(("node_selector", key), f"key {key!r} {problem}", LABEL_KEY.means)]
        return []


@dataclass(frozen=True)
class CloudSettings:
    """``settings/clouds/<cloud>.yaml``: where the platform runs on one cloud, with per-environment accounts
    and identities. What the cloud itself is (its rules, storage class, load balancer) is
    ``fleetform/clouds/<cloud>.py``."""

    region: Annotated[str, REGION]
    dr_region: Annotated[str, REGION]
    zones: tuple[Annotated[str, ZONE], ...]
    accounts: dict[str, str]
    identities: dict[str, str]
    network: Network
    gpu: GpuNodes
    ports: Ports = Ports()
    #: Per environment, the identity that reads the secret store, where the cloud knows it only after the
    #: stack is applied (``Cloud.store_identity_in_settings``: Azure client ids); empty elsewhere.
    secret_store_identities: dict[str, str] = field(default_factory=dict)
    #: Terraform side: state backend and machine types.
    infra: CloudInfra = field(
        kw_only=True,
        metadata={"expected": "an 'infra:' mapping with 'state' and 'machines' (fleetform/settings/infra.py)"},
    )

    def problems(self) -> list[Problem]:
        for i, zone in enumerate(self.zones):
            if zone in self.zones[:i]:
                return [Problem(("zones", i), f"'{zone}' listed twice", "each zone once")]
        if len(self.zones) < 3:
            return [Problem(("zones",), f"{len(self.zones)} zone(s) listed", "at least 3 zones")]
        if self.dr_region == self.region:
            return [
                Problem(("dr_region",), f"'{self.dr_region}' is the primary region", "another region than 'region'")
            ]
        return []
