"""The layers of a cluster, in the order Flux applies them (each waits for the one before)."""

from __future__ import annotations

from fleetform.k8s.charts.apps import AppsChart
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.configs import ConfigsChart
from fleetform.k8s.charts.controllers import ControllersChart
from fleetform.k8s.charts.flux import FluxChart

#: Layer charts after ``flux`` (which lists them), in apply order.
LAYERS: dict[str, type[LayerChart]] = {
    ControllersChart.layer: ControllersChart,
    ConfigsChart.layer: ConfigsChart,
    AppsChart.layer: AppsChart,
}

__all__ = ["LAYERS", "FluxChart", "LayerChart"]
