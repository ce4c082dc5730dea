"""Layer ``flux``: Flux itself (the pinned release's install manifests) and how it syncs this cluster from
Git; from here Flux manages itself."""

from __future__ import annotations

from constructs import Construct

from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.constructs.controller_network_policies import ALL_PODS
from fleetform.k8s.constructs.flux import FluxComponents, FluxSync
from fleetform.k8s.constructs.network_policies import network_policy
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.names import FLUX_NS


class FluxChart(LayerChart):
    layer = "flux"

    def __init__(self, scope: Construct, inputs: ClusterInputs, layers: list[str]) -> None:
        super().__init__(scope, inputs)
        cluster = self.cluster
        FluxComponents(
            self,
            "Components",
            labels=self.labels_for("gitops", "flux"),
            objects=inputs.flux,
            version=cluster.platform.flux_version,
        )
        # Flux ships its own allow rules (egress anywhere, ingress from its namespace, metrics, the receiver's
        # webhook port); the platform's default deny under them is what every namespace has.
        network_policy(self, "default-deny", FLUX_NS, self.labels_for("networking"), ALL_PODS, ingress=[], egress=[])
        FluxSync(
            self,
            "Sync",
            labels=self.labels_for("gitops"),
            git=cluster.platform.gitops,
            namespace=FLUX_NS,
            cluster_path=f"./dist/k8s/{cluster.id}",
            layers=layers,
        )
