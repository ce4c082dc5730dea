"""Synthesize the clusters' charts and lay the objects out as ``k8s/<cluster>/<layer>/...`` files.

The charts get what comes from outside the Kubernetes half as inputs computed here: the admission objects
of ``policies/`` (:mod:`fleetform.policy.emit`), Velero's backup target (named by the cluster's cloud) and
Flux's install manifests (:mod:`fleetform.versions.flux`).
"""

from __future__ import annotations

import os
from typing import Any

from fleetform.render.layout import kustomization, place_objects
from fleetform.render.tree import Tree
from fleetform.render.yaml_text import to_yaml
from fleetform.settings import Cluster

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

Objects = list[dict[str, Any]]


def cluster_objects(clusters: list[Cluster]) -> dict[str, dict[str, Objects]]:
    """cluster id -> layer -> the layer's synthesized objects (one jsii round trip per chart)."""
    # Imported late: starting jsii's Node process costs ~0.6 s and compiling the policies' CEL ~0.2 s, which
    # a synth that reuses every file (or renders Terraform only) never needs.
    from fleetform.k8s.app import build_app
    from fleetform.k8s.inputs import ClusterInputs
    from fleetform.policy.emit import admission_objects
    from fleetform.versions.flux import flux_components

    inputs = [
        ClusterInputs(
            cluster=cluster,
            admission=tuple(admission_objects(cluster)),
            backup=cluster.cloud.backup_target(cluster.site),
            flux=flux_components(cluster.platform.flux_version),
        )
        for cluster in clusters
    ]
    _, charts = build_app(inputs)
    out: dict[str, dict[str, Objects]] = {}
    for chart in charts:
        out.setdefault(chart.cluster.id, {})[chart.layer] = list(chart.to_json())
    return out


def k8s_tree(clusters: list[Cluster]) -> Tree:
    """Every cluster's files: ``kustomization.yaml`` at the cluster root (its layers, in order) and in
    each layer (its files), so ``kubectl kustomize`` builds a whole cluster or one layer."""
    tree: Tree = {}
    for cluster_id, layers in cluster_objects(clusters).items():
        placed = place_objects(cluster_id, layers)
        for rel, obj in placed.items():
            tree[f"k8s/{cluster_id}/{rel}"] = to_yaml(obj).encode()
        for layer in layers:
            files = [rel.removeprefix(f"{layer}/") for rel in placed if rel.startswith(f"{layer}/")]
            tree[f"k8s/{cluster_id}/{layer}/kustomization.yaml"] = to_yaml(kustomization(files)).encode()
        tree[f"k8s/{cluster_id}/kustomization.yaml"] = to_yaml(kustomization(list(layers))).encode()
    return tree
