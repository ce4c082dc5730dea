"""Azure: AKS with Microsoft Entra Workload ID."""

from __future__ import annotations

from fleetform.settings.typed import Rule

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class Azure:
    name = "azure"
    identity_rule = Rule(pattern=_UUID, means="a managed identity client id (lowercase UUID)")
    velero_provider = "azure"
    velero_plugin = "docker.io/velero/velero-plugin-for-microsoft-azure:v1.11.1"
    istio_platform = ""
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    account_rule = Rule(pattern=_UUID, means="a subscription id (lowercase UUID)")

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"azure.workload.identity/client-id": identity}

    def pod_labels(self) -> dict[str, str]:
        return {"azure.workload.identity/use": "true"}
