"""Synthesize the clusters' charts and lay the objects out as ``k8s/<cluster>/<layer>/...`` files.

The charts get what comes from outside the Kubernetes half as inputs computed here: the admission objects
of ``policies/`` (:mod:`fleetform.policy.emit`), Velero's backup target (named by the cluster's cloud) and
Flux's install manifests (:mod:`fleetform.versions.flux`).

A layer of a cluster is rendered on its own (:func:`render_layers`), through a recording view of the
cluster (:mod:`fleetform.settings.reads`): its files come with the settings it read, which the synth cache
compares next time, so an edit re-renders only the layers that read what it changed.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from fleetform.errors import UserError
from fleetform.render.layout import identity, kustomization, place_objects
from fleetform.render.tree import Tree
from fleetform.render.yaml_text import to_yaml
from fleetform.settings import Cluster
from fleetform.settings.reads import Reads, recording

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

Objects = list[dict[str, Any]]
FLUX = "flux"
#: Every cluster's layers, in apply order: ``flux``, then the charts of
#: :data:`fleetform.k8s.charts.LAYERS` (named here so that a synth which reuses every file never imports
#: cdk8s; :func:`render_layers` checks the two agree).
LAYER_NAMES = (FLUX, "controllers", "configs", "apps")
#: ``[apiVersion, kind, namespace, name, path in the cluster]`` of an object: enough to find collisions
#: between layers without their objects.
Key = list[str]


@dataclass(frozen=True)
class LayerRender:
    """One layer of one cluster: its files (``k8s/<cluster>/<layer>/...``, its kustomization included), the
    keys of its objects and the settings it read."""

    files: Tree
    keys: list[Key]
    reads: Reads


def render_layers(todo: dict[str, tuple[Cluster, list[str]]]) -> dict[tuple[str, str], LayerRender]:
    """Render the layers named for each cluster (cluster id -> (cluster, layers)), one jsii round trip per
    chart; keyed by (cluster id, layer)."""
    # Imported late: starting jsii's Node process costs ~0.6 s and compiling the policies' CEL ~0.2 s, which
    # a synth that reuses every file (or renders Terraform only) never needs.
    import cdk8s

    from fleetform.k8s.charts import LAYERS, FluxChart, LayerChart
    from fleetform.k8s.inputs import ClusterInputs
    from fleetform.policy.emit import admission_objects
    from fleetform.versions.flux import flux_components

    if [FLUX, *LAYERS] != list(LAYER_NAMES):
        raise AssertionError(f"LAYER_NAMES {LAYER_NAMES} differ from the charts' layers {[FLUX, *LAYERS]}")
    app = cdk8s.App()
    out: dict[tuple[str, str], LayerRender] = {}
    for cluster_id, (cluster, layers) in todo.items():
        shared: Reads = {}  # what the inputs computed here read: every layer depends on it
        seen = recording(cluster, shared)
        base = ClusterInputs(
            cluster=seen,
            admission=tuple(admission_objects(seen)),
            backup=cluster.cloud.backup_target(seen.site),
            flux=flux_components(seen.platform.flux_version),
        )
        for layer in layers:
            reads: Reads = dict(shared)
            inputs = dataclasses.replace(base, cluster=recording(cluster, reads))
            chart: LayerChart = (
                FluxChart(app, inputs, list(LAYER_NAMES)) if layer == FLUX else LAYERS[layer](app, inputs)
            )
            out[(cluster_id, layer)] = _layer_files(cluster_id, layer, list(chart.to_json()), reads)
    return out


def _layer_files(cluster_id: str, layer: str, objects: Objects, reads: Reads) -> LayerRender:
    placed = place_objects(cluster_id, {layer: objects})
    files = {f"k8s/{cluster_id}/{rel}": to_yaml(obj).encode() for rel, obj in placed.items()}
    names = [rel.removeprefix(f"{layer}/") for rel in placed]
    files[f"k8s/{cluster_id}/{layer}/kustomization.yaml"] = to_yaml(kustomization(names)).encode()
    keys = [
        [obj["apiVersion"], obj["kind"], obj.get("metadata", {}).get("namespace", ""), obj["metadata"]["name"], rel]
        for rel, obj in placed.items()
    ]
    return LayerRender(files, keys, reads)


def cluster_files(cluster_id: str, keys: dict[str, list[Key]]) -> Tree:
    """The cluster's own files: ``kustomization.yaml`` listing its layers, once the layers' objects (``keys``
    by layer) are known to be unique by kind, namespace and name across the cluster, as
    :func:`~fleetform.render.layout.place_objects` requires within a layer."""
    seen: dict[tuple[str, str, str], str] = {}
    for layer in LAYER_NAMES:
        for api_version, kind, namespace, name, path in keys.get(layer, []):
            if (kind, namespace, name) in seen:
                meta = {"name": name, **({"namespace": namespace} if namespace else {})}
                obj = {"apiVersion": api_version, "kind": kind, "metadata": meta}
                raise UserError(
                    f"dist/k8s/{cluster_id}/{path}: {identity(obj)} collides with "
                    f"dist/k8s/{cluster_id}/{seen[(kind, namespace, name)]}; "
                    "expected unique kind, namespace and name per cluster (rename one of the constructs' objects)"
                )
            seen[(kind, namespace, name)] = path
    return {f"k8s/{cluster_id}/kustomization.yaml": to_yaml(kustomization(list(LAYER_NAMES))).encode()}


def k8s_tree(clusters: list[Cluster]) -> Tree:
    """Every file of ``clusters``, rendered without a cache: ``kustomization.yaml`` at the cluster root (its
    layers, in order) and in each layer (its files), so ``kubectl kustomize`` builds a whole cluster or one
    layer."""
    rendered = render_layers({cluster.id: (cluster, list(LAYER_NAMES)) for cluster in clusters})
    tree: Tree = {}
    for cluster in clusters:
        keys = {layer: rendered[(cluster.id, layer)].keys for layer in list(LAYER_NAMES)}
        for layer in list(LAYER_NAMES):
            tree.update(rendered[(cluster.id, layer)].files)
        tree.update(cluster_files(cluster.id, keys))
    return dict(sorted(tree.items()))
