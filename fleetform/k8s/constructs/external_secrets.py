"""External Secrets Operator objects: the ClusterSecretStore over the cloud's secret store, and the
ExternalSecrets that copy its entries into Kubernetes Secrets. No secret value is ever in ``dist/``: the
objects name entries of the store, the operator fetches their values in the cluster."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

EXTERNAL_SECRETS = "external-secrets.io/v1"
#: ``{{ .key }}`` references of a Go template: the keys a template reads.
TEMPLATE_KEY = re.compile(r"\{\{[^}]*?\.([A-Za-z_]\w*)")
#: A Go duration as External Secrets takes it (``1h``, ``30m``, ``1h30m``).
DURATION = re.compile(r"(\d+h)?(\d+m)?(\d+s)?")


@dataclass(frozen=True)
class RemoteValue:
    """Entry ``key`` of the secret store, or, with ``property``, that property of its JSON value."""

    key: str
    property: str = ""


class CloudSecretStore(Construct):
    """ClusterSecretStore ``name`` over the cloud's secret store (``provider``: one provider block, as a
    cloud's ``secret_store_provider`` builds it). Only ExternalSecrets in ``namespaces`` may use it: no other
    namespace can read the platform's entries through the store's identity."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        labels: AppLabels,
        provider: Mapping[str, Any],
        namespaces: list[str],
    ) -> None:
        super().__init__(scope, id)
        if len(provider) != 1:
            raise PropError(f"CloudSecretStore '{name}'", "provider", sorted(provider), "must hold one provider block")
        if not namespaces:
            raise PropError(f"CloudSecretStore '{name}'", "namespaces", namespaces, "must name at least one namespace")
        custom_resource(
            self,
            "Resource",
            api_version=EXTERNAL_SECRETS,
            kind="ClusterSecretStore",
            name=name,
            labels=labels,
            spec={"provider": dict(provider), "conditions": [{"namespaces": sorted(namespaces)}]},
        )


class SyncedSecret(Construct):
    """ExternalSecret ``name``: it writes the Secret ``name`` in ``namespace`` (owned: deleted with it) and
    re-reads ``store`` every ``refresh_interval``. ``data`` maps each key to the store's value. With
    ``template`` the Secret holds only the template's keys, each a Go template (External Secrets' v2 engine)
    over ``data``'s keys, which then stay out of the Secret."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        store: str,
        refresh_interval: str,
        data: Mapping[str, RemoteValue],
        template: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        what = f"SyncedSecret '{namespace}/{name}'"
        if not data:
            raise PropError(what, "data", dict(data), "must map at least one key to the store")
        if not refresh_interval or not DURATION.fullmatch(refresh_interval):
            raise PropError(what, "refresh_interval", refresh_interval, "must be a duration such as 1h or 30m")
        for key, text in (template or {}).items():
            unknown = sorted(set(TEMPLATE_KEY.findall(text)) - set(data))
            if unknown:
                raise PropError(what, f"template[{key}]", text, f"reads {unknown}, which 'data' does not define")
        target: dict[str, Any] = {"name": name, "creationPolicy": "Owner"}
        if template:
            target["template"] = {"engineVersion": "v2", "type": "Opaque", "data": dict(template)}
        custom_resource(
            self,
            "Resource",
            api_version=EXTERNAL_SECRETS,
            kind="ExternalSecret",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "refreshInterval": refresh_interval,
                "secretStoreRef": {"kind": "ClusterSecretStore", "name": store},
                "target": target,
                "data": [_entry(key, value) for key, value in sorted(data.items())],
            },
        )


def _entry(key: str, value: RemoteValue) -> dict[str, Any]:
    remote = {"key": value.key, "property": value.property} if value.property else {"key": value.key}
    return {"secretKey": key, "remoteRef": remote}
