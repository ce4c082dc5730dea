"""Distributed tracing: the mesh's tracing (an Istio Telemetry resource naming the collector's extension
provider), and the values of the two charts that receive and keep the spans.

Path of a span: a sidecar or gateway (Istio's ``opentelemetry`` extension provider, sampling the share of
requests the Telemetry resource says) or a platform workload (its OpenTelemetry SDK, ``OTEL_EXPORTER_OTLP_
ENDPOINT``) sends OTLP to the OpenTelemetry Collector (chart ``opentelemetry-collector``, a Deployment of the
``k8s`` distribution), which batches them, bounds its memory and exports them over OTLP to Jaeger v2 (chart
``jaeger``, its all-in-one Deployment: OTLP receiver, query UI and the Elasticsearch storage backend).

Why Jaeger and not each cloud's trace service: see :mod:`fleetform.settings.telemetry` (one place for the
traces and logs of the nine clusters). The collector stays in between, rather than the sidecars sending to
Jaeger directly, so that the backend can change (or a second exporter be added) without touching the mesh.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

TELEMETRY = "telemetry.istio.io/v1"
#: The collector's OTLP ports: gRPC (what Istio's provider speaks) and HTTP (what some SDKs default to).
OTLP_GRPC, OTLP_HTTP = 4317, 4318
#: Jaeger's ports: OTLP gRPC (from the collector), the query UI and API, its health check.
JAEGER_OTLP, JAEGER_UI, JAEGER_HEALTH = 4317, 16686, 13133
#: The collector image (the ``k8s`` distribution: OTLP receivers, batch and memory_limiter processors, OTLP
#: exporter) at the chart's appVersion; its entrypoint is ``otelcol-k8s``.
COLLECTOR_IMAGE = ("ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s", "0.158.0")
#: Jaeger's image at the chart's appVersion.
JAEGER_IMAGE = ("docker.io", "jaegertracing/jaeger", "2.19.0")
#: The UID both images run as.
RUN_AS = 10001
#: Env vars the Elasticsearch credentials reach Jaeger's storage configuration through (``${env:...}``).
USERNAME_ENV, PASSWORD_ENV = "ES_USERNAME", "ES_PASSWORD"


class MeshTracing(Construct):
    """Telemetry ``name`` in the mesh's root ``namespace``: every sidecar and gateway of the mesh reports the
    spans of ``sampling_percent`` % of the requests it starts a trace for to the extension provider
    ``provider`` (declared in istiod's ``meshConfig.extensionProviders``, see :func:`mesh_provider`)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        provider: str,
        sampling_percent: float,
    ) -> None:
        super().__init__(scope, id)
        if not (math.isfinite(sampling_percent) and 0 < sampling_percent <= 100):
            raise PropError(f"MeshTracing '{name}'", "sampling_percent", sampling_percent, "must be above 0 and <= 100")
        if not provider:
            raise PropError(f"MeshTracing '{name}'", "provider", provider, "must name an extension provider")
        custom_resource(
            self,
            "Resource",
            api_version=TELEMETRY,
            kind="Telemetry",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={"tracing": [{"providers": [{"name": provider}], "randomSamplingPercentage": sampling_percent}]},
        )


@dataclass(frozen=True)
class Collector:
    """Where the collector is: its Service ``name`` in ``namespace``."""

    name: str
    namespace: str

    @property
    def host(self) -> str:
        return f"{self.name}.{self.namespace}.svc.cluster.local"

    @property
    def otlp_endpoint(self) -> str:
        """What the workloads' SDKs export to (``OTEL_EXPORTER_OTLP_ENDPOINT``, gRPC): plaintext inside the
        cluster, admitted by the NetworkPolicies of both namespaces only."""
        return f"http://{self.host}:{OTLP_GRPC}"


def mesh_provider(name: str, collector: Collector) -> dict[str, Any]:
    """An entry of istiod's ``meshConfig.extensionProviders``: OpenTelemetry over gRPC to the collector."""
    return {"name": name, "opentelemetry": {"service": collector.host, "port": OTLP_GRPC}}


def collector_values(*, name: str, jaeger_host: str, replicas: int, resources: Mapping[str, Any]) -> dict[str, Any]:
    """Chart values of the collector: a Deployment of ``replicas`` whose workload and Service are ``name``
    (``fullnameOverride``),
    OTLP in (gRPC and HTTP; the chart's Jaeger, Zipkin and Prometheus receivers and their ports removed),
    traces only (the metrics and logs pipelines removed: Prometheus and Fluent Bit carry those),
    memory_limiter then batch, OTLP out to ``jaeger_host``. Pod Security ``restricted``; no API token (no
    Kubernetes attributes processor)."""
    if replicas < 1:
        raise PropError("collector_values", "replicas", replicas, "must be >= 1")
    traces = {"receivers": ["otlp"], "processors": ["memory_limiter", "batch"], "exporters": ["otlp/jaeger"]}
    return {
        "mode": "deployment",
        "fullnameOverride": name,
        "image": {"repository": COLLECTOR_IMAGE[0], "tag": COLLECTOR_IMAGE[1]},
        "command": {"name": "otelcol-k8s"},
        "replicaCount": replicas,
        "resources": dict(resources),
        "ports": {name: {"enabled": False} for name in ("jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin")},
        "config": {
            "receivers": {"jaeger": None, "zipkin": None, "prometheus": None},
            "exporters": {"otlp/jaeger": {"endpoint": f"{jaeger_host}:{JAEGER_OTLP}", "tls": {"insecure": True}}},
            "service": {"pipelines": {"traces": traces, "metrics": None, "logs": None}},
        },
        "serviceAccount": {"automountServiceAccountToken": False},
        "podSecurityContext": _pod_security(),
        "securityContext": _container_security(),
    }


def jaeger_values(
    *, elasticsearch_url: str, index_prefix: str, credentials_secret: str, replicas: int, resources: Mapping[str, Any]
) -> dict[str, Any]:
    """Chart values of Jaeger v2: ``replicas`` all-in-one pods (stateless: the spans are in Elasticsearch at
    ``elasticsearch_url``, indices ``<index_prefix>-jaeger-span-YYYY-MM-DD``, signed in with the username and
    password of Secret ``credentials_secret``), OTLP gRPC in, the query UI on 16686 (reached with ``kubectl
    port-forward``), health on 13133 (the chart's probes). Pod Security ``restricted``; no API token."""
    if not elasticsearch_url.startswith("https://"):
        raise PropError("jaeger_values", "elasticsearch_url", elasticsearch_url, "must be an https:// URL")
    store = "elasticsearch"
    config = {
        "service": {
            "extensions": ["jaeger_storage", "jaeger_query", "healthcheckv2"],
            "pipelines": {
                "traces": {"receivers": ["otlp"], "processors": ["batch"], "exporters": ["jaeger_storage_exporter"]}
            },
        },
        "extensions": {
            "healthcheckv2": {"use_v2": True, "http": {"endpoint": f"0.0.0.0:{JAEGER_HEALTH}"}},
            "jaeger_query": {"storage": {"traces": store}},
            "jaeger_storage": {
                "backends": {
                    store: {
                        "elasticsearch": {
                            "server_urls": [elasticsearch_url],
                            "auth": {"basic": {"username": _env(USERNAME_ENV), "password": _env(PASSWORD_ENV)}},
                            "indices": {"index_prefix": index_prefix},
                        }
                    }
                }
            },
        },
        "receivers": {"otlp": {"protocols": {"grpc": {"endpoint": f"0.0.0.0:{JAEGER_OTLP}"}}}},
        "processors": {"batch": {}},
        "exporters": {"jaeger_storage_exporter": {"trace_storage": store}},
    }
    env = [
        {"name": var, "valueFrom": {"secretKeyRef": {"name": credentials_secret, "key": key}}}
        for var, key in ((USERNAME_ENV, "username"), (PASSWORD_ENV, "password"))
    ]
    registry, repository, tag = JAEGER_IMAGE
    return {
        "userconfig": config,
        "jaeger": {
            "replicas": replicas,
            "image": {"registry": registry, "repository": repository, "tag": tag},
            "extraEnv": env,
            "resources": dict(resources),
            "serviceAccount": {"automountServiceAccountToken": False},
            "podSecurityContext": {**_pod_security(), "fsGroup": RUN_AS},
            "securityContext": _container_security(),
        },
    }


def _env(var: str) -> str:
    """A reference to env var ``var`` in a collector-style configuration (expanded when it is loaded)."""
    return f"${{env:{var}}}"


def _pod_security() -> dict[str, Any]:
    return {
        "runAsNonRoot": True,
        "runAsUser": RUN_AS,
        "runAsGroup": RUN_AS,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def _container_security() -> dict[str, Any]:
    return {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
