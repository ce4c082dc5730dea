"""Where each Kubernetes object goes inside ``dist/k8s/<cluster>/<layer>/``.

Namespaced objects: ``<namespace>/<kind>-<name>.yaml``; cluster-scoped ones at the layer root:
``<kind>-<name>.yaml`` (kind in lower case). Two objects of a cluster with the same kind, namespace and
name are an error, even in different layers: cdk8s's own FILE_PER_RESOURCE output would silently keep
only one of them, and the cluster could only hold one.
"""

from __future__ import annotations

from typing import Any

from fleetform.errors import UserError


def object_path(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata", {})
    name = f"{obj['kind'].lower()}-{meta['name']}.yaml"
    namespace = meta.get("namespace")
    return f"{namespace}/{name}" if namespace else name


def identity(obj: dict[str, Any]) -> str:
    """``apps/v1 Deployment ml-prod/api``: the way messages name an object."""
    meta = obj.get("metadata", {})
    ns = f"{meta['namespace']}/" if meta.get("namespace") else ""
    return f"{obj['apiVersion']} {obj['kind']} {ns}{meta.get('name', '?')}"


def place_objects(cluster_id: str, layers: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Map ``<layer>/<path>`` -> object for one cluster; raise when two objects collide."""
    placed: dict[str, dict[str, Any]] = {}
    seen: dict[tuple[str, str, str], str] = {}
    for layer, objects in layers.items():
        for obj in objects:
            path = f"{layer}/{object_path(obj)}"
            meta = obj.get("metadata", {})
            key = (obj["kind"], meta.get("namespace", ""), meta["name"])
            if key in seen:
                raise UserError(
                    f"dist/k8s/{cluster_id}/{path}: {identity(obj)} collides with dist/k8s/{cluster_id}/{seen[key]}; "
                    "expected unique kind, namespace and name per cluster (rename one of the constructs' objects)"
                )
            seen[key] = path
            placed[path] = obj
    return dict(sorted(placed.items()))


def kustomization(paths: list[str]) -> dict[str, Any]:
    """A ``kustomization.yaml`` listing ``paths``: top-level entries (cluster-scoped objects, or the
    layer folders in the order given) first, then namespaced files by path."""
    ordered = sorted(paths, key=lambda p: ("/" in p, 0 if "/" in p else paths.index(p), p))
    return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": ordered}
