"""A pin (component + version), and the pins a cluster's synthesized objects carry.

:func:`pins_of` reads them from ``dist/``, not from the settings, so a check of ``dist/`` judges what will be
deployed: each HelmRelease's chart and version (the chart names its component: ``istiod`` is Istio), the
Flux release of the ``flux`` layer's objects (their ``app.kubernetes.io/version`` label, where
``app.kubernetes.io/part-of`` is ``flux``), and the Kubernetes minor of the cluster resource of the
Terraform stack (``cdk.tf.json``: EKS ``version``, AKS ``kubernetes_version``, GKE ``min_master_version``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fleetform.versions.components import component_of_chart

#: Terraform cluster resource type -> (component, the argument holding the Kubernetes version).
CLUSTER_RESOURCES: dict[str, tuple[str, str]] = {
    "aws_eks_cluster": ("eks", "version"),
    "azurerm_kubernetes_cluster": ("aks", "kubernetes_version"),
    "google_container_cluster": ("gke", "min_master_version"),
}


@dataclass(frozen=True, order=True)
class Pin:
    """``component`` (an id of :data:`fleetform.versions.COMPONENTS`, or the chart's name when no component
    installs from it) at exactly ``version``."""

    component: str
    version: str

    def __str__(self) -> str:
        return f"{self.component} {self.version}"


def pins_of(objects: Iterable[Mapping[str, Any]], stack: Mapping[str, Any] | None = None) -> list[Pin]:
    """The pins of one cluster, sorted, each once: ``objects`` are its Kubernetes objects (every layer),
    ``stack`` its parsed ``cdk.tf.json`` (None: no Kubernetes pins)."""
    found: set[Pin] = set()
    for obj in objects:
        pin = _helm_release_pin(obj) or _flux_pin(obj)
        if pin is not None:
            found.add(pin)
    if stack is not None:
        found.update(_stack_pins(stack))
    return sorted(found)


def _helm_release_pin(obj: Mapping[str, Any]) -> Pin | None:
    if obj.get("kind") != "HelmRelease" or not str(obj.get("apiVersion", "")).startswith("helm.toolkit.fluxcd.io/"):
        return None
    chart_spec = ((obj.get("spec") or {}).get("chart") or {}).get("spec") or {}
    chart, version = chart_spec.get("chart"), chart_spec.get("version")
    if not isinstance(chart, str) or not isinstance(version, str):
        return None
    component = component_of_chart(chart)
    return Pin(component.name if component else chart, version)


def _flux_pin(obj: Mapping[str, Any]) -> Pin | None:
    labels = (obj.get("metadata") or {}).get("labels") or {}
    version = labels.get("app.kubernetes.io/version")
    if labels.get("app.kubernetes.io/part-of") != "flux" or not isinstance(version, str):
        return None
    return Pin("flux", version)


def _stack_pins(stack: Mapping[str, Any]) -> list[Pin]:
    out = []
    for resource_type, (component, argument) in CLUSTER_RESOURCES.items():
        for resource in ((stack.get("resource") or {}).get(resource_type) or {}).values():
            version = resource.get(argument)
            if isinstance(version, str) and re.fullmatch(r"\d+\.\d+(\.\d+)?", version):
                out.append(Pin(component, version))
    return out
