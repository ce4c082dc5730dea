"""Service Overview: the API's traffic, errors and latency percentiles, and every workload's healthy replicas."""

from __future__ import annotations

from fleetform.k8s.dashboards.model import Dashboard, Panel, Query
from fleetform.k8s.dashboards.scope import Scope


def build(scope: Scope) -> Dashboard:
    api = f'{scope.ns},service="{scope.api}"'
    buckets = f"sum by (le) (rate(http_request_duration_seconds_bucket{{{api}}}[5m]))"
    return Dashboard(
        uid="ml-platform-service-overview",
        title="ML Platform / Service Overview",
        panels=(
            Panel("Request rate", "reqps", (Query(f"sum(rate(http_requests_total{{{api}}}[5m]))", "requests/s"),)),
            Panel(
                "Error rate (5xx)",
                "percentunit",
                (
                    Query(
                        f'sum(rate(http_requests_total{{{api},code=~"5.."}}[5m]))\n'
                        f"  / sum(rate(http_requests_total{{{api}}}[5m]))",
                        "errors",
                    ),
                ),
                threshold=scope.alerts.error_ratio,
            ),
            Panel(
                "Latency P50 / P95 / P99",
                "s",
                tuple(Query(f"histogram_quantile({q}, {buckets})", f"P{round(q * 100)}") for q in (0.5, 0.95, 0.99)),
                threshold=scope.alerts.p95_latency_seconds,
            ),
            Panel(
                "Available replicas",
                "short",
                (
                    Query(
                        f"sum by (deployment) (kube_deployment_status_replicas_available{{{scope.ns},"
                        f'deployment=~"{scope.deployments}"}})',
                        "{{deployment}}",
                    ),
                ),
            ),
        ),
    )
