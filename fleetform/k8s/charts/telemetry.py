"""Traces and logs, added to the layer charts as the environment's ``tracing`` and ``logging`` settings say
(:mod:`fleetform.settings.telemetry`):

- ``controllers``: namespace ``tracing`` (Pod Security ``restricted``) with the OpenTelemetry Collector and
  Jaeger v2 (:mod:`fleetform.k8s.constructs.tracing`), namespace ``logging`` (``privileged``: Fluent Bit
  mounts the nodes' ``/var/log``) with Fluent Bit (:mod:`fleetform.k8s.constructs.log_shipping`), each
  denying all traffic but its flows; istiod's extension provider pointing at the collector;
- ``configs``: the mesh's Telemetry (the provider and the environment's sampling percentage) and, per
  namespace that ships to Elasticsearch, the ExternalSecret writing the credentials Secret from the store
  entry the Terraform stack creates (:func:`fleetform.terraform.secret_entries.out_of_band_entries`);
- ``apps``: the platform's pods export to the collector (``OTEL_EXPORTER_OTLP_ENDPOINT`` in their settings
  ConfigMap) and may reach it (``allow-tracing``).
"""

from __future__ import annotations

from typing import Any

from fleetform.clouds.secrets import ELASTICSEARCH_PROPERTIES, elasticsearch_entry
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.constructs.controller_network_policies import Flows, PodPeer
from fleetform.k8s.constructs.external_secrets import RemoteValue, SyncedSecret
from fleetform.k8s.constructs.log_shipping import fluent_bit_values, shipper_config
from fleetform.k8s.constructs.network_policies import TracingPeer
from fleetform.k8s.constructs.tracing import (
    OTLP_GRPC,
    OTLP_HTTP,
    Collector,
    MeshTracing,
    collector_values,
    jaeger_values,
    mesh_provider,
)
from fleetform.k8s.names import ISTIO_NS, LOGGING_NS, TRACING_NS
from fleetform.settings import Cluster
from fleetform.settings.telemetry import uses_elasticsearch

REPOSITORIES = {
    "open-telemetry": "https://open-telemetry.github.io/opentelemetry-helm-charts",
    "jaegertracing": "https://jaegertracing.github.io/helm-charts",
    "fluent": "https://fluent.github.io/helm-charts",
}
COLLECTOR = Collector("otel-collector", TRACING_NS)
JAEGER, FLUENT_BIT = "jaeger", "fluent-bit"
#: The Secret (in each namespace that ships to Elasticsearch) holding ``username`` and ``password``.
CREDENTIALS_SECRET = "elasticsearch-credentials"
#: istiod's extension provider for the collector, and the mesh-wide Telemetry that selects it.
MESH_PROVIDER, MESH_TELEMETRY = "otel-tracing", "mesh-default"
#: Pod labels of each chart's pods (the charts' selector labels at the pinned versions).
COLLECTOR_PODS = (("app.kubernetes.io/name", "opentelemetry-collector"), ("app.kubernetes.io/instance", COLLECTOR.name))
JAEGER_PODS = (("app.kubernetes.io/name", "jaeger"), ("app.kubernetes.io/instance", JAEGER))
#: Requests and limits: the collector and Jaeger per the upstream sizing examples for a few thousand spans a
#: second (memory_limiter keeps the collector at 80 % of its limit); Fluent Bit's tail buffer is 50 MB.
COLLECTOR_RESOURCES = {"requests": {"cpu": "200m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
JAEGER_RESOURCES = {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
FLUENT_BIT_RESOURCES = {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}}


def tracing_on(cluster: Cluster) -> bool:
    return cluster.env.tracing.enabled


def mesh_tracing_on(cluster: Cluster) -> bool:
    """The mesh reports spans: tracing on and the mesh installed."""
    return cluster.env.tracing.enabled and cluster.env.mesh


def telemetry_namespaces(cluster: Cluster) -> list[str]:
    """The namespaces whose pods read the Elasticsearch credentials (the secret store must serve them)."""
    env = cluster.env
    return [ns for ns, on in ((LOGGING_NS, env.logging.enabled), (TRACING_NS, env.tracing.enabled)) if on]


def istiod_mesh_config(cluster: Cluster) -> dict[str, Any]:
    """What istiod's ``meshConfig`` gains: the collector as an OpenTelemetry extension provider."""
    return {"extensionProviders": [mesh_provider(MESH_PROVIDER, COLLECTOR)]} if tracing_on(cluster) else {}


def gateway_flows(cluster: Cluster) -> tuple[PodPeer, ...]:
    """The ingress gateway's egress to the collector (its spans), when tracing is on."""
    return (PodPeer(TRACING_NS, (OTLP_GRPC,), COLLECTOR_PODS),) if tracing_on(cluster) else ()


def workload_tracing(cluster: Cluster) -> tuple[str | None, float, TracingPeer | None]:
    """The platform workloads' OTLP endpoint, their sampling ratio and their firewall's peer (or none)."""
    if not tracing_on(cluster):
        return None, 1.0, None
    peer = TracingPeer(TRACING_NS, COLLECTOR_PODS, (OTLP_GRPC, OTLP_HTTP))
    return COLLECTOR.otlp_endpoint, cluster.env.tracing.sampling_percent / 100, peer


def add_telemetry_controllers(chart: LayerChart) -> None:
    """The collector and Jaeger (tracing on), Fluent Bit (logging on), each namespace with its firewall."""
    cluster = chart.cluster
    env, charts = cluster.env, cluster.platform.charts
    logging = env.logging
    replicas = 2 if env.infra.high_availability else 1
    if env.tracing.enabled:
        # Sidecars, gateways and workloads of every namespace send OTLP to the collector; Jaeger reaches
        # Elasticsearch; the collector reaches Jaeger inside the namespace.
        flows = Flows(
            mesh_ports=(OTLP_GRPC, OTLP_HTTP),
            mesh_pods=COLLECTOR_PODS,
            internet_ports=(logging.port,),
            internet_pods=JAEGER_PODS,
        )
        chart.controller_namespace(TRACING_NS, "restricted", flows)
        _repository(chart, "open-telemetry")
        _repository(chart, "jaegertracing")
        jaeger_host = f"{JAEGER}.{TRACING_NS}.svc.cluster.local"
        values = collector_values(
            name=COLLECTOR.name, jaeger_host=jaeger_host, replicas=replicas, resources=COLLECTOR_RESOURCES
        )
        chart.release(
            COLLECTOR.name,
            TRACING_NS,
            "opentelemetry-collector",
            charts.opentelemetry_collector,
            "open-telemetry",
            values,
        )
        values = jaeger_values(
            elasticsearch_url=logging.elasticsearch_url,
            index_prefix=env.tracing.index_prefix,
            credentials_secret=CREDENTIALS_SECRET,
            replicas=replicas,
            resources=JAEGER_RESOURCES,
        )
        chart.release(JAEGER, TRACING_NS, "jaeger", charts.jaeger, "jaegertracing", values)
    if logging.enabled:
        chart.controller_namespace(LOGGING_NS, "privileged", Flows(internet_ports=(logging.port,)))
        _repository(chart, "fluent")
        config = shipper_config(host=logging.host, port=logging.port, path=logging.path, index=logging.index)
        values = fluent_bit_values(config=config, credentials_secret=CREDENTIALS_SECRET, resources=FLUENT_BIT_RESOURCES)
        chart.release(FLUENT_BIT, LOGGING_NS, "fluent-bit", charts.fluent_bit, "fluent", values)


def add_telemetry_configs(chart: LayerChart) -> None:
    """The mesh's Telemetry (mesh and tracing on) and the credentials' ExternalSecrets."""
    cluster = chart.cluster
    if mesh_tracing_on(cluster):
        MeshTracing(
            chart,
            "mesh-tracing",
            name=MESH_TELEMETRY,
            namespace=ISTIO_NS,
            labels=chart.labels_for("tracing"),
            provider=MESH_PROVIDER,
            sampling_percent=cluster.env.tracing.sampling_percent,
        )
    if not uses_elasticsearch(cluster.env.tracing, cluster.env.logging):
        return
    entry = elasticsearch_entry(cluster.site, cluster.env.logging.credentials)
    secrets = cluster.platform.secrets
    for namespace in telemetry_namespaces(cluster):
        SyncedSecret(
            chart,
            f"elasticsearch-credentials-{namespace}",
            name=CREDENTIALS_SECRET,
            namespace=namespace,
            labels=chart.labels_for("secrets"),
            store=secrets.store,
            refresh_interval=secrets.refresh_interval,
            data={prop: RemoteValue(entry, prop) for prop in ELASTICSEARCH_PROPERTIES},
        )


def _repository(chart: LayerChart, name: str) -> None:
    chart.repository(name, REPOSITORIES[name])
