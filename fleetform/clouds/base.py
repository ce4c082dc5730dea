"""What a cloud contributes to a cluster's Kubernetes objects."""

from __future__ import annotations

from typing import Protocol

from fleetform.settings.typed import Rule


class Cloud(Protocol):
    """One supported cloud. Implementations are listed in :data:`fleetform.clouds.CLOUDS`."""

    name: str
    #: Rule that each per-environment workload identity in the cloud's settings must match.
    identity_rule: Rule
    #: Rule that each per-environment account (account id / subscription id / project id) must match.
    account_rule: Rule

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        """Annotations binding the workload ServiceAccount to the cloud identity."""
        ...

    def pod_labels(self) -> dict[str, str]:
        """Labels the cloud's workload-identity webhook needs on pods (may be empty)."""
        ...

    #: Velero object-store provider name and its plugin image (pinned).
    velero_provider: str
    velero_plugin: str
    #: Istio's ``global.platform`` value for this cloud ("" when Istio needs none).
    istio_platform: str
    #: Where pods fetch their workload-identity tokens inside the node, as (CIDR, port): NetworkPolicies of
    #: pods that use the cloud identity allow them. Empty where tokens come from the internet (STS, Entra).
    identity_endpoints: tuple[tuple[str, int], ...]
