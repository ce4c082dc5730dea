"""Build the cdk8s App holding one chart per cluster (no synthesis here)."""

from __future__ import annotations

import cdk8s

from fleetform.k8s.cluster_chart import ClusterChart
from fleetform.settings import Cluster


def build_app(clusters: list[Cluster]) -> tuple[cdk8s.App, list[ClusterChart]]:
    """An App with a :class:`ClusterChart` per cluster, in the given order."""
    app = cdk8s.App()
    return app, [ClusterChart(app, cluster) for cluster in clusters]
