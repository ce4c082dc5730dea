"""Objects of custom resource kinds (Flux, Istio, cert-manager, Prometheus operator, Velero).

Their constructs take typed props and build the ``spec`` here; the bundled CRD schemas
(``fleetform validate``) check the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import cdk8s
from constructs import Construct

from fleetform.k8s.labels import AppLabels


def custom_resource(
    scope: Construct,
    id: str,
    *,
    api_version: str,
    kind: str,
    name: str,
    labels: AppLabels,
    spec: Mapping[str, Any],
    namespace: str | None = None,
) -> cdk8s.ApiObject:
    """One ``ApiObject`` with standard labels and ``spec``."""
    obj = cdk8s.ApiObject(
        scope,
        id,
        api_version=api_version,
        kind=kind,
        metadata=cdk8s.ApiObjectMetadata(name=name, namespace=namespace, labels=labels.all),
    )
    obj.add_json_patch(cdk8s.JsonPatch.add("/spec", dict(spec)))
    return obj


def include_object(scope: Construct, id: str, obj: Mapping[str, Any], labels: AppLabels) -> cdk8s.ApiObject:
    """Add a plain object built elsewhere (e.g. the admission policies of ``policies/``), with the standard
    labels added to its own."""
    meta = dict(obj.get("metadata", {}))
    api_object = cdk8s.ApiObject(
        scope,
        id,
        api_version=obj["apiVersion"],
        kind=obj["kind"],
        metadata=cdk8s.ApiObjectMetadata(
            name=meta["name"],
            namespace=meta.get("namespace"),
            labels={**labels.all, **meta.get("labels", {})},
            annotations=meta.get("annotations"),
        ),
    )
    for key, value in obj.items():
        if key not in ("apiVersion", "kind", "metadata"):
            api_object.add_json_patch(cdk8s.JsonPatch.add(f"/{key}", value))
    return api_object
