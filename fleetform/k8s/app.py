"""Build the cdk8s App: per cluster, one chart per layer (no synthesis here)."""

from __future__ import annotations

import cdk8s

from fleetform.k8s.charts import LAYERS, FluxChart, LayerChart
from fleetform.k8s.inputs import ClusterInputs


def build_app(clusters: list[ClusterInputs]) -> tuple[cdk8s.App, list[LayerChart]]:
    """An App with, for each cluster, the ``flux`` chart then every chart of :data:`LAYERS`."""
    app = cdk8s.App()
    charts: list[LayerChart] = []
    for inputs in clusters:
        charts.append(FluxChart(app, inputs, [FluxChart.layer, *LAYERS]))
        charts.extend(layer(app, inputs) for layer in LAYERS.values())
    return app, charts
