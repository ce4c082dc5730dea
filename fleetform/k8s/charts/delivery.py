"""The apps layer under progressive delivery: Flagger's Canary over the API and what changes around it
(:mod:`fleetform.k8s.constructs.progressive_delivery` explains what Flagger makes and why).

- :func:`serving`: the Deployment that serves each workload: Flagger's ``api-primary`` for the API (the
  ``api`` Deployment runs only a release under analysis), so the off-hours scaler and the availability alert
  watch it;
- :func:`both_tracks`: the API's selector without the label Flagger rewrites on the primary's pods, for the
  objects that must cover the primary and the canary alike (its PDB and ServiceMonitor);
- :func:`add_canary`: the Canary with the route the hand-written VirtualService would have had, gated on the
  environment's alert thresholds.
"""

from __future__ import annotations

from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.constructs.ingress import API_RETRIES, API_TIMEOUT
from fleetform.k8s.constructs.progressive_delivery import SELECTOR_LABEL, Gate, ProgressiveDelivery, Route
from fleetform.k8s.labels import AppLabels
from fleetform.k8s.names import API, GATEWAY, PROMETHEUS_URL, SERVICE_PORT, WORKER, api_host
from fleetform.settings import Cluster


def serving(cluster: Cluster) -> dict[str, str]:
    """Workload -> the Deployment that serves it."""
    return {API: f"{API}-primary" if cluster.env.delivery.progressive else API, WORKER: WORKER}


def both_tracks(cluster: Cluster, labels: AppLabels) -> dict[str, str] | None:
    """The selector matching the primary's and the canary's pods of ``labels`` (None: ``labels.selector`` does,
    as without progressive delivery or for another workload than the API)."""
    if not cluster.env.delivery.progressive or labels.name != API:
        return None
    return {k: v for k, v in labels.selector.items() if k != SELECTOR_LABEL}


def add_canary(chart: LayerChart, labels: AppLabels) -> None:
    """Flagger's Canary over the API (``labels``: the API's)."""
    cluster, alerts = chart.cluster, chart.cluster.env.alerts
    ProgressiveDelivery(
        chart,
        "delivery",
        name=API,
        namespace=cluster.namespace,
        labels=labels,
        delivery=cluster.env.delivery,
        gate=Gate(alerts.error_ratio, alerts.p95_latency_seconds),
        route=Route(
            hosts=(api_host(cluster),),
            gateways=(f"{cluster.platform.ingress_namespace}/{GATEWAY}",),
            port=SERVICE_PORT,
            target_port="http",
            timeout=API_TIMEOUT,
            retries=API_RETRIES,
        ),
        prometheus=PROMETHEUS_URL,
        service_labels=labels.all,
    )
