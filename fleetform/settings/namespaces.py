"""The namespaces the platform owns in every cluster (its charts create them and their NetworkPolicies): the
controllers' namespaces and the platform's own ``ml-<environment>``. The ``ingress_namespace`` setting must
be none of them: two owners would merge their NetworkPolicies."""

from __future__ import annotations

FLUX_NS, ISTIO_NS, CERT_MANAGER_NS, MONITORING_NS, VELERO_NS, EXTERNAL_SECRETS_NS = (
    "flux-system",
    "istio-system",
    "cert-manager",
    "monitoring",
    "velero",
    "external-secrets",
)
#: Telemetry: the OpenTelemetry Collector and Jaeger (restricted), Fluent Bit (privileged: it reads the nodes'
#: log files), apart so that the host access of one does not lower the Pod Security of the others.
TRACING_NS, LOGGING_NS = "tracing", "logging"
#: Falco's namespace (runtime security, ``runtime_security.enabled``): reserved even where it is off.
FALCO_NS = "falco"
#: Flagger's namespace, in clusters where an environment's ``delivery`` is progressive.
FLAGGER_NS = "flagger-system"
CONTROLLER_NAMESPACES = (
    FLUX_NS,
    ISTIO_NS,
    CERT_MANAGER_NS,
    MONITORING_NS,
    VELERO_NS,
    EXTERNAL_SECRETS_NS,
    TRACING_NS,
    LOGGING_NS,
    FALCO_NS,
    FLAGGER_NS,
)


def platform_namespace(environment: str) -> str:
    """The namespace of the platform's workloads in an environment, e.g. ``ml-production``."""
    return f"ml-{environment}"
