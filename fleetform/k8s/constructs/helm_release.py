"""A platform controller installed by Flux from a pinned Helm chart."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

FLUX_NAMESPACE = "flux-system"


class ChartRepository(Construct):
    """A HelmRepository in ``flux-system``, fetched once a day."""

    def __init__(self, scope: Construct, id: str, *, name: str, url: str, labels: AppLabels) -> None:
        super().__init__(scope, id)
        if not url.startswith(("https://", "oci://")):
            raise PropError(f"ChartRepository '{name}'", "url", url, "must be an https:// or oci:// URL")
        spec: dict[str, Any] = {"interval": "24h", "url": url}
        if url.startswith("oci://"):
            spec["type"] = "oci"
        custom_resource(
            self,
            "Resource",
            api_version="source.toolkit.fluxcd.io/v1",
            kind="HelmRepository",
            name=name,
            namespace=FLUX_NAMESPACE,
            labels=labels,
            spec=spec,
        )


class ChartRelease(Construct):
    """HelmRelease ``name`` of ``chart`` at exactly ``version`` from repository ``repository``, into
    ``namespace``. CRDs are created and upgraded with the chart; failed installs and upgrades are retried
    three times, then rolled back."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        chart: str,
        version: str,
        repository: str,
        values: Mapping[str, Any] | None = None,
        depends_on: list[str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not re.fullmatch(r"v?\d+\.\d+\.\d+", version):
            raise PropError(f"ChartRelease '{name}'", "version", version, "must be an exact version such as 1.24.2")
        spec: dict[str, Any] = {
            "interval": "30m",
            "chart": {
                "spec": {
                    "chart": chart,
                    "version": version,
                    "sourceRef": {"kind": "HelmRepository", "name": repository, "namespace": FLUX_NAMESPACE},
                }
            },
            "install": {"crds": "CreateReplace", "remediation": {"retries": 3}},
            "upgrade": {"crds": "CreateReplace", "remediation": {"retries": 3, "strategy": "rollback"}},
        }
        if depends_on:  # "name" in this namespace, or "namespace/name"
            spec["dependsOn"] = [
                dict(zip(("namespace", "name"), dep.split("/"), strict=True)) if "/" in dep else {"name": dep}
                for dep in depends_on
            ]
        if values:
            spec["values"] = dict(values)
        custom_resource(
            self,
            "Resource",
            api_version="helm.toolkit.fluxcd.io/v2",
            kind="HelmRelease",
            name=name,
            namespace=namespace,
            labels=labels,
            spec=spec,
        )
