"""ML Model Performance: the served model's accuracy and drift, prediction latency, predictions by version."""

from __future__ import annotations

from fleetform.k8s.dashboards.model import Dashboard, Panel, Query
from fleetform.k8s.dashboards.scope import Scope


def build(scope: Scope) -> Dashboard:
    ns = scope.ns
    return Dashboard(
        uid="ml-platform-model-performance",
        title="ML Platform / ML Model Performance",
        panels=(
            Panel(
                "Model accuracy (lowest pod)",
                "percentunit",
                (Query(f"min(ml_model_accuracy{{{ns}}})", "accuracy"),),
                threshold=scope.alerts.min_accuracy,
            ),
            Panel(
                "Model drift score",
                "short",
                (Query(f"max by (model_version) (ml_model_drift_score{{{ns}}})", "{{model_version}}"),),
            ),
            Panel(
                "Prediction latency P95",
                "s",
                (
                    Query(
                        "histogram_quantile(0.95,\n"
                        f"  sum by (le, model_version) (rate(ml_prediction_duration_seconds_bucket{{{ns}}}[5m])))",
                        "{{model_version}}",
                    ),
                ),
            ),
            Panel(
                "Predictions by model version",
                "ops",
                (Query(f"sum by (model_version) (rate(ml_predictions_total{{{ns}}}[5m]))", "{{model_version}}"),),
            ),
        ),
    )
