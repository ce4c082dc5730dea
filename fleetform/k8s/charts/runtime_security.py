"""Runtime security (``runtime_security.enabled``), added to the layer charts: Falco's namespace, firewall and
HelmRelease in ``controllers`` (:func:`add_falco`), its alerts in ``configs`` (:func:`add_falco_alerts`, a
PrometheusRule, whose CRD the monitoring stack installs). Decisions: :mod:`fleetform.k8s.constructs.runtime_security`;
the rules: :mod:`fleetform.k8s.falco_rules`."""

from __future__ import annotations

from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.telemetry import tracing_on
from fleetform.k8s.constructs.controller_network_policies import Flows
from fleetform.k8s.constructs.runtime_security import FalcoAlerts, falco_values
from fleetform.k8s.constructs.tracing import OTLP_GRPC, OTLP_HTTP
from fleetform.k8s.falco_rules import api_destinations, rules_yaml
from fleetform.k8s.names import MONITORING_NS, WORKER_PORT
from fleetform.settings.namespaces import FALCO_NS

REPOSITORY = ("falcosecurity", "https://falcosecurity.github.io/charts")
FALCO = "falco"


def enabled(chart: LayerChart) -> bool:
    return chart.cluster.env.runtime_security.enabled


def add_falco(chart: LayerChart) -> None:
    """Falco's namespace (Pod Security ``privileged``: see the decisions), its firewall (default deny; only
    Prometheus comes in, on the metrics port; nothing goes out but DNS and the API server every controller
    namespace gets), the chart repository and the release, after the monitoring stack (its ServiceMonitor CRD)."""
    if not enabled(chart):
        return
    cluster = chart.cluster
    chart.controller_namespace(FALCO_NS, "privileged", Flows())
    repo, url = REPOSITORY
    chart.repository(repo, url)
    version = cluster.platform.charts.falco
    # The API's SDK exports its spans to the collector (OTLP gRPC or HTTP): an allowed connection.
    otlp = (OTLP_GRPC, OTLP_HTTP) if tracing_on(cluster) else ()
    text = rules_yaml(cluster.namespace, api_destinations(cluster, WORKER_PORT, otlp))
    values = falco_values(chart_version=version, rules_text=text)
    chart.release(FALCO, FALCO_NS, FALCO, version, repo, values, [f"{MONITORING_NS}/kube-prometheus-stack"])


def add_falco_alerts(chart: LayerChart) -> None:
    """The PrometheusRule turning Falco's matches into alerts, in Falco's namespace."""
    if enabled(chart):
        runbooks = chart.cluster.platform.gitops.runbooks
        FalcoAlerts(
            chart,
            "falco-alerts",
            name=FALCO,
            namespace=FALCO_NS,
            labels=chart.labels_for("security"),
            runbooks=runbooks,
        )
