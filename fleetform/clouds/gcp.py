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
    velero_plugin = "velero/velero-plugin-for-gcp:v1.11.1"
    istio_platform = "gke"
    account_rule = Rule(pattern=r"[a-z][-a-z0-9]{4,28}[a-z0-9]", means="a Google Cloud project id")

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"iam.gke.io/gcp-service-account": identity}

    def pod_labels(self) -> dict[str, str]:
        return {}
