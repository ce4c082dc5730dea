"""Files in ``dist/`` that are not Kubernetes objects, recognised explicitly and reported as skipped.

- kustomize's own ``kustomization.yaml`` (``kustomize.config.k8s.io``): a build file, never applied.
- fleetform's build manifest ``dist/manifest.json`` (has ``fleetform_version``): a checksum list.
"""

from __future__ import annotations

from typing import Any

KUSTOMIZE_GROUP = "kustomize.config.k8s.io"


def not_kubernetes(file_name: str, data: Any) -> str | None:
    """Why ``data`` (a document of ``file_name``) is not a Kubernetes object, or ``None`` if it may be one."""
    if not isinstance(data, dict):
        return None
    api_version = data.get("apiVersion")
    if isinstance(api_version, str) and api_version.startswith(f"{KUSTOMIZE_GROUP}/"):
        return f"kustomize build file ({api_version} {data.get('kind')}), not applied to a cluster"
    if file_name.endswith("manifest.json") and "fleetform_version" in data and "kind" not in data:
        return "fleetform build manifest, not a Kubernetes object"
    return None
