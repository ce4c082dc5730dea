"""Synthesize the clusters' charts and lay the objects out as ``k8s/<cluster>/...`` files."""

from __future__ import annotations

import os
from typing import Any

from fleetform.render.layout import kustomization, place_objects
from fleetform.render.tree import Tree
from fleetform.render.yaml_text import to_yaml
from fleetform.settings import Cluster

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


def cluster_objects(clusters: list[Cluster]) -> dict[str, list[dict[str, Any]]]:
    """cluster id -> the cluster's synthesized objects (one jsii round trip per chart)."""
    from fleetform.k8s.app import build_app  # imported late: starting jsii's Node process costs ~0.6 s

    _, charts = build_app(clusters)
    return {chart.cluster.id: list(chart.to_json()) for chart in charts}


def k8s_tree(clusters: list[Cluster]) -> Tree:
    tree: Tree = {}
    for cluster_id, objects in cluster_objects(clusters).items():
        placed = place_objects(cluster_id, objects)
        for rel, obj in placed.items():
            tree[f"k8s/{cluster_id}/{rel}"] = to_yaml(obj).encode()
        tree[f"k8s/{cluster_id}/kustomization.yaml"] = to_yaml(kustomization(list(placed))).encode()
    return tree
