"""Flux: its own components, the Git source of ``dist/`` and one Kustomization per layer, applied in order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource, include_object
from fleetform.k8s.labels import AppLabels
from fleetform.settings.services import GitOps

SOURCE = "fleetform"


class FluxComponents(Construct):
    """The install manifests of Flux ``version`` (``flux install --export``: namespace, CRDs, controllers,
    RBAC, NetworkPolicies), as given, with the platform's labels added (upstream's win where both set one).
    Every object must carry ``app.kubernetes.io/version: <version>``: the manifests are that release's."""

    def __init__(
        self, scope: Construct, id: str, *, labels: AppLabels, objects: Sequence[Mapping[str, Any]], version: str
    ) -> None:
        super().__init__(scope, id)
        if not objects:
            raise PropError("FluxComponents", "objects", [], "must hold the install manifests of the Flux release")
        for obj in objects:
            found = ((obj.get("metadata") or {}).get("labels") or {}).get("app.kubernetes.io/version")
            if found != version:
                name = f"{obj.get('kind')} {obj.get('metadata', {}).get('name')}"
                raise PropError("FluxComponents", "objects", name, f"is labelled version {found!r}, not {version!r}")
            meta = obj["metadata"]
            include_object(self, f"{obj['kind']}-{meta.get('namespace', '')}-{meta['name']}", obj, labels)


class FluxSync(Construct):
    """GitRepository ``fleetform`` (only ``cluster_path`` is fetched: an allow-list ignore, like a
    ``.sourceignore``) and a Kustomization per layer of ``layers``. The first layer is the one holding
    these objects (Flux manages itself); each later layer ``dependsOn`` the one before, with ``prune``
    (removed files are removed from the cluster) and ``wait`` (a layer is ready only when its objects are).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        labels: AppLabels,
        git: GitOps,
        cluster_path: str,
        layers: list[str],
        namespace: str = "flux-system",
    ) -> None:
        super().__init__(scope, id)
        if not cluster_path.startswith("./"):
            raise PropError(
                "FluxSync", "cluster_path", cluster_path, "must be relative to the repository root ('./...')"
            )
        if len(layers) < 2 or len(set(layers)) != len(layers):
            raise PropError("FluxSync", "layers", layers, "must list at least two distinct layers")
        custom_resource(
            self,
            "Source",
            api_version="source.toolkit.fluxcd.io/v1",
            kind="GitRepository",
            name=SOURCE,
            namespace=namespace,
            labels=labels,
            spec={
                "interval": git.interval,
                "url": git.url,
                "ref": {"branch": git.branch},
                "secretRef": {"name": git.secret},
                "ignore": f"/*\n!{cluster_path.removeprefix('.')}/\n",
            },
        )
        for i, layer in enumerate(layers):
            spec: dict[str, object] = {
                "interval": "10m",
                "retryInterval": "2m",
                "timeout": "5m",
                "path": f"{cluster_path}/{layer}",
                "prune": True,
                "wait": True,
                "sourceRef": {"kind": "GitRepository", "name": SOURCE},
            }
            if i > 1:
                spec["dependsOn"] = [{"name": layers[i - 1]}]
            custom_resource(
                self,
                f"Layer-{layer}",
                api_version="kustomize.toolkit.fluxcd.io/v1",
                kind="Kustomization",
                name=layer,
                namespace=namespace,
                labels=labels,
                spec=spec,
            )
