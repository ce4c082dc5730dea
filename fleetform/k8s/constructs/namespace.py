"""A Namespace with Pod Security Standards labels."""

from __future__ import annotations

from typing import Literal

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels

PssLevel = Literal["privileged", "baseline", "restricted"]


class PlatformNamespace(Construct):
    """Namespace ``name`` enforcing PSS ``enforce`` (default ``restricted``), auditing and warning at
    ``restricted``, pinned to the Kubernetes minor version the clusters run (e.g. ``v1.32``);
    ``extra_labels`` such as ``istio-injection``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        labels: AppLabels,
        pss_version: str,
        enforce: PssLevel = "restricted",
        extra_labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not pss_version.startswith("v1."):
            raise PropError(f"PlatformNamespace '{name}'", "pss_version", pss_version, "must look like 'v1.32'")
        pss: dict[str, str] = {"enforce": enforce, "audit": "restricted", "warn": "restricted"}
        pss_labels = {f"pod-security.kubernetes.io/{mode}": level for mode, level in pss.items()}
        pss_labels |= {f"pod-security.kubernetes.io/{mode}-version": pss_version for mode in pss}
        self.name = name
        all_labels = {**labels.all, **pss_labels, **(extra_labels or {})}
        k8s.KubeNamespace(self, "Resource", metadata=k8s.ObjectMeta(name=name, labels=dict(sorted(all_labels.items()))))
