"""Layer ``flux``: how Flux syncs this cluster from Git (it manages itself from here)."""

from __future__ import annotations

from constructs import Construct

from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.constructs.flux import FluxSync
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.names import FLUX_NS


class FluxChart(LayerChart):
    layer = "flux"

    def __init__(self, scope: Construct, inputs: ClusterInputs, layers: list[str]) -> None:
        super().__init__(scope, inputs)
        cluster = self.cluster
        FluxSync(
            self,
            "Sync",
            labels=self.labels_for("gitops"),
            git=cluster.platform.gitops,
            namespace=FLUX_NS,
            cluster_path=f"./dist/k8s/{cluster.id}",
            layers=layers,
        )
