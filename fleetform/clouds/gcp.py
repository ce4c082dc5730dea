"""Google Cloud: GKE Workload Identity Federation, pd-ssd volumes, internal passthrough load balancers,
GCS buckets."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from fleetform.clouds.base import BACKUP_IDENTITY, BackupTarget, Site, StorageClass
from fleetform.rules import Rule


class Gcp:
    name = "gcp"
    account_rule = Rule(pattern=r"[a-z][-a-z0-9]{4,28}[a-z0-9]", means="a Google Cloud project id")
    identity_rule = Rule(
        pattern=r"[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com",
        means="a Google service account email (<name>@<project>.iam.gserviceaccount.com)",
    )
    #: Managed Service for Apache Kafka is sized in vCPUs, not machine types.
    machine_rules: Mapping[str, Rule] = MappingProxyType(
        {"broker": Rule(pattern=r"[1-9]\d*", means="a vCPU count such as 3 (Managed Service for Apache Kafka)")}
    )
    #: The stack's budget watches this billing account.
    required_infra: tuple[tuple[str, ...], ...] = (("billing_account",),)
    storage_class = StorageClass("pd.csi.storage.gke.io", MappingProxyType({"type": "pd-ssd"}))
    load_balancer_annotations: Mapping[str, str] = MappingProxyType(
        {"networking.gke.io/load-balancer-type": "Internal"}
    )
    velero_provider = "gcp"
    velero_plugin = "docker.io/velero/velero-plugin-for-gcp:v1.14.2"
    istio_platform = "gke"
    kubernetes_service = "gke"
    #: The GKE metadata server, which hands out Workload Identity tokens: 169.254.169.254:80, and on
    #: Dataplane V2 clusters 169.254.169.252:988 behind it (GKE's documented network policy exception).
    identity_endpoints: tuple[tuple[str, int], ...] = (("169.254.169.254/32", 80), ("169.254.169.252/32", 988))
    terraform_builder = "fleetform.terraform.gcp.stack"

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"iam.gke.io/gcp-service-account": identity}

    def pod_labels(self) -> dict[str, str]:
        return {}

    def model_bucket(self, site: Site) -> str:
        """GCS bucket names are global: the project id keeps them unique."""
        return site.name(f"models-{site.account}")

    def dr_bucket(self, site: Site) -> str:
        return site.name(f"dr-{site.account}")

    def backup_target(self, site: Site) -> BackupTarget:
        """The plugin needs no config: the bucket name says everything."""
        bucket = self.dr_bucket(site) if site.disaster_recovery else self.model_bucket(site)
        return BackupTarget(self.velero_provider, bucket, {})

    def backup_identity(self, site: Site, workload: str) -> str:
        """The service account the stack creates for Velero (``fleetform/terraform/gcp/backups.py``): its id is
        ``mlplatformprodvelero`` (letters and digits, at most 30, the limit of a service account id)."""
        return f"{site.compact_name(BACKUP_IDENTITY, 30)}@{site.account}.iam.gserviceaccount.com"
