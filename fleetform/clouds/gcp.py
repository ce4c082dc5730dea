"""Google Cloud: GKE Workload Identity Federation."""

from __future__ import annotations

from fleetform.settings.typed import Rule


class Gcp:
    name = "gcp"
    identity_rule = Rule(
        pattern=r"[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com",
        means="a Google service account email (<name>@<project>.iam.gserviceaccount.com)",
    )
    velero_provider = "gcp"
    velero_plugin = "docker.io/velero/velero-plugin-for-gcp:v1.11.1"
    istio_platform = "gke"
    #: The GKE metadata server, which hands out Workload Identity tokens: 169.254.169.254:80, and on
    #: Dataplane V2 clusters 169.254.169.252:988 behind it (GKE's documented network policy exception).
    identity_endpoints: tuple[tuple[str, int], ...] = (("169.254.169.254/32", 80), ("169.254.169.252/32", 988))
    account_rule = Rule(pattern=r"[a-z][-a-z0-9]{4,28}[a-z0-9]", means="a Google Cloud project id")

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"iam.gke.io/gcp-service-account": identity}

    def pod_labels(self) -> dict[str, str]:
        return {}
