"""Google Cloud: GKE Workload Identity Federation, pd-ssd volumes, GCS buckets, and a global external
Application Load Balancer whose backend service holds the standalone network endpoint groups (NEGs) that GKE
keeps filled with the ingress gateway's pod addresses."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from fleetform.clouds.base import BACKUP_IDENTITY, BackupTarget, Site, StorageClass
from fleetform.clouds.ingress import Backend, ControllerRelease, Exposure
from fleetform.clouds.secrets import STORE_READER
from fleetform.rules import Problem, Rule

#: Where Google's front ends (the load balancer's proxies) and its health checkers connect from.
GOOGLE_FRONT_ENDS = ("35.191.0.0/16", "130.211.0.0/22")


def neg_name(site: Site) -> str:
    """The standalone NEGs (one per zone, same name): GKE creates them from the Service's annotation, the stack's
    backend service looks them up by this name."""
    return site.name("ingress")


#: Longest Google service account id (the part before ``@``).
SERVICE_ACCOUNT_ID_LIMIT = 30


def cluster_name(site: Site) -> str:
    """The GKE cluster (regional: its location is the region)."""
    return site.name("gke")


def store_reader_account(site: Site) -> str:
    """The service account id of the store's reader: ``mlplatformprodsecretstore`` (letters and digits,
    at most 30: the environment's full prefix would not fit)."""
    return site.compact_name(STORE_READER, SERVICE_ACCOUNT_ID_LIMIT)


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
    load_balancer_sources: tuple[str, ...] = GOOGLE_FRONT_ENDS
    namespaces: tuple[str, ...] = ()
    velero_provider = "gcp"
    velero_plugin = "docker.io/velero/velero-plugin-for-gcp:v1.14.2"
    istio_platform = "gke"
    kubernetes_service = "gke"
    #: The GKE metadata server, which hands out Workload Identity tokens: 169.254.169.254:80, and on
    #: Dataplane V2 clusters 169.254.169.252:988 behind it (GKE's documented network policy exception).
    identity_endpoints: tuple[tuple[str, int], ...] = (("169.254.169.254/32", 80), ("169.254.169.252/32", 988))
    terraform_builder = "fleetform.terraform.gcp.stack"
    #: The service account's email follows from the project and the account id.
    store_identity_in_settings = False

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"iam.gke.io/gcp-service-account": identity}

    def pod_labels(self) -> dict[str, str]:
        return {}

    def exposure(self, site: Site, backend: Backend, address: str) -> Exposure:
        """A ClusterIP Service with standalone NEGs for ``backend.port``: GKE's NEG controller creates one NEG
        per zone of the cluster's nodes, named :func:`neg_name`, holding the pods' addresses."""
        neg = {"exposed_ports": {str(backend.port): {"name": neg_name(site)}}}
        return Exposure("ClusterIP", {"cloud.google.com/neg": json.dumps(neg, sort_keys=True)})

    def load_balancer_controller(self, site: Site) -> ControllerRelease | None:
        """None: GKE runs the NEG controller itself."""
        return None

    def ingress_address_problem(self, vpc_cidr: str, address: str) -> Problem | None:
        if address:
            return Problem(
                ("ingress_ip",),
                f"{address!r} is set, but the load balancer reaches the gateway's pods through NEGs on GCP",
                "no ingress_ip for gcp",
            )
        return None

    def model_bucket(self, site: Site) -> str:
        """GCS bucket names are global: the project id keeps them unique."""
        return site.name(f"models-{site.account}")

    def dr_bucket(self, site: Site) -> str:
        return site.name(f"dr-{site.account}")

    def backup_target(self, site: Site) -> BackupTarget:
        """The plugin needs no config: the bucket name says everything."""
        bucket = self.dr_bucket(site) if site.disaster_recovery else self.model_bucket(site)
        return BackupTarget(self.velero_provider, bucket, {})

    def secret_store_identity(self, site: Site, configured: Mapping[str, str]) -> str:
        """The service account the stack creates for the store's reader."""
        return f"{store_reader_account(site)}@{site.account}.iam.gserviceaccount.com"

    def secret_store_provider(self, site: Site, reader: Mapping[str, str]) -> dict[str, Any]:
        """Secret Manager of the environment's project; External Secrets Operator requests a token for
        ``reader``, exchanges it at Google's STS and impersonates the service account in its
        ``iam.gke.io/gcp-service-account`` annotation. The cluster is named here, so nothing is asked of the
        metadata server."""
        return {
            "gcpsm": {
                "projectID": site.account,
                "auth": {
                    "workloadIdentity": {
                        "clusterLocation": site.region,
                        "clusterName": cluster_name(site),
                        "clusterProjectID": site.account,
                        "serviceAccountRef": dict(reader),
                    }
                },
            }
        }

    def backup_identity(self, site: Site, workload: str) -> str:
        """The service account the stack creates for Velero (``fleetform/terraform/gcp/backups.py``): its id is
        ``mlplatformprodvelero`` (letters and digits, at most 30, the limit of a service account id)."""
        return f"{site.compact_name(BACKUP_IDENTITY, 30)}@{site.account}.iam.gserviceaccount.com"
