"""Where each Kubernetes object goes inside ``dist/k8s/<cluster>/``.

Namespaced objects: ``<namespace>/<kind>-<name>.yaml``; cluster-scoped ones at the cluster root:
``<kind>-<name>.yaml`` (kind in lower case). Two objects that would share a path are an error: cdk8s's own
FILE_PER_RESOURCE output would silently keep only one of them.
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


def place_objects(cluster_id: str, objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Map relative path -> object for one cluster; raise when two objects collide."""
    placed: dict[str, dict[str, Any]] = {}
    for obj in objects:
        path = object_path(obj)
        if path in placed:
            raise UserError(
                f"dist/k8s/{cluster_id}/{path}: {identity(obj)} collides with {identity(placed[path])}; "
                "expected unique kind, namespace and name per cluster (rename one of the constructs' objects)")
        placed[path] = obj
    return dict(sorted(placed.items()))


def kustomization(paths: list[str]) -> dict[str, Any]:
    """The cluster's ``kustomization.yaml``: every file, cluster-scoped first, then by path."""
    ordered = sorted(paths, key=lambda p: ("/" in p, p))
    return {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": ordered}
