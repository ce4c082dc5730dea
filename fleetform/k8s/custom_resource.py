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


def custom_resource(scope: Construct, id: str, *, api_version: str, kind: str, name: str, labels: AppLabels,
                    spec: Mapping[str, Any], namespace: str | None = None) -> cdk8s.ApiObject:
    """One ``ApiObject`` with standard labels and ``spec``."""
    obj = cdk8s.ApiObject(scope, id, api_version=api_version, kind=kind,
                          metadata=cdk8s.ApiObjectMetadata(name=name, namespace=namespace, labels=labels.all))
    obj.add_json_patch(cdk8s.JsonPatch.add("/spec", dict(spec)))
    return obj
