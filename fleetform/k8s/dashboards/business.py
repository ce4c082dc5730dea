"""Business KPIs: predictions served per hour, the share of requests that succeed over a day (the
availability users feel), and the served model's drift."""

from __future__ import annotations

from fleetform.k8s.dashboards.model import Dashboard, Panel, Query
from fleetform.k8s.dashboards.scope import Scope


def build(scope: Scope) -> Dashboard:
    ns, api = scope.ns, f'{scope.ns},service="{scope.api}"'
    return Dashboard(
        uid="ml-platform-business-kpis",
        title="ML Platform / Business KPIs",
        panels=(
            Panel(
                "Predictions per hour",
                "short",
                (Query(f"sum(increase(ml_predictions_total{{{ns}}}[1h]))", "predictions"),),
            ),
            Panel(
                "Successful requests (24h)",
                "percentunit",
                (
                    Query(
                        f'1 - sum(increase(http_requests_total{{{api},code=~"5.."}}[1d]))\n'
                        f"  / sum(increase(http_requests_total{{{api}}}[1d]))",
                        "success",
                    ),
                ),
                threshold=1 - scope.alerts.error_ratio,
            ),
            Panel("Model drift (mean)", "short", (Query(f"avg(ml_model_drift_score{{{ns}}})", "drift"),)),
        ),
    )
