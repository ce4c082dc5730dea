"""Google Cloud as fleetform knows it: exact values of every part of the cloud protocol."""

from __future__ import annotations

from fleetform.clouds import BackupTarget, Exposure
from fleetform.clouds.gcp import Gcp, cluster_name, neg_name, store_reader_account
from fleetform.rules import Problem
from tests.clouds.helpers import GATEWAY, accepts, site

GCP = Gcp()
WITH_DR = site("acme-ml-production", "europe-west4", "europe-west1", disaster_recovery=True)
WITHOUT_DR = site("acme-ml-production", "europe-west4", "europe-west1", disaster_recovery=False)


def test_settings_rules() -> None:
    assert (GCP.account_rule.means, GCP.identity_rule.means) == (
        "a Google Cloud project id",
        "a Google service account email (<name>@<project>.iam.gserviceaccount.com)",
    )
    assert accepts(GCP.account_rule, "acme-ml-production")
    assert not accepts(GCP.account_rule, "1acme")
    assert accepts(GCP.identity_rule, "ml-platform-workload@acme-ml-production.iam.gserviceaccount.com")
    assert {name: rule.means for name, rule in GCP.machine_rules.items()} == {
        "broker": "a vCPU count such as 3 (Managed Service for Apache Kafka)"
    }
    assert accepts(GCP.machine_rules["broker"], "3")
    assert not accepts(GCP.machine_rules["broker"], "0")
    assert GCP.required_infra == (("billing_account",),)


def test_kubernetes_parts() -> None:
    assert (GCP.storage_class.provisioner, dict(GCP.storage_class.parameters)) == (
        "pd.csi.storage.gke.io",
        {"type": "pd-ssd"},
    )
    assert GCP.service_account_annotations("w@acme-ml-production.iam.gserviceaccount.com") == {
        "iam.gke.io/gcp-service-account": "w@acme-ml-production.iam.gserviceaccount.com"
    }
    assert GCP.pod_labels() == {}
    assert (GCP.velero_provider, GCP.velero_plugin) == ("gcp", "docker.io/velero/velero-plugin-for-gcp:v1.14.2")
    assert (GCP.istio_platform, GCP.kubernetes_service) == ("gke", "gke")
    assert GCP.identity_endpoints == (("169.254.169.254/32", 80), ("169.254.169.252/32", 988))


def test_buckets_carry_the_project_id() -> None:
    assert GCP.model_bucket(WITH_DR) == "ml-platform-production-models-acme-ml-production"
    assert GCP.dr_bucket(WITH_DR) == "ml-platform-production-dr-acme-ml-production"


def test_backups_go_to_the_dr_bucket_when_there_is_one() -> None:
    assert GCP.backup_target(WITH_DR) == BackupTarget(
        "gcp", "ml-platform-production-dr-acme-ml-production", {}, "velero"
    )
    assert GCP.backup_target(WITHOUT_DR) == BackupTarget(
        "gcp", "ml-platform-production-models-acme-ml-production", {}, "velero"
    )


def test_terraform_builder() -> None:
    assert GCP.terraform_builder == "fleetform.terraform.gcp.stack"


def test_secret_store() -> None:
    """The reader's id fits Google's 30 characters (the environment's full prefix would not)."""
    assert GCP.store_identity_in_settings is False
    email = GCP.secret_store_identity(WITH_DR, {})
    assert email == "mlplatformprodsecretstore@acme-ml-production.iam.gserviceaccount.com"
    assert accepts(GCP.identity_rule, email)
    assert store_reader_account(WITH_DR) == "mlplatformprodsecretstore"
    assert cluster_name(WITH_DR) == "ml-platform-production-gke"
    assert GCP.secret_store_provider(WITH_DR, {"name": "reader", "namespace": "eso"}) == {
        "gcpsm": {
            "projectID": "acme-ml-production",
            "auth": {
                "workloadIdentity": {
                    "clusterLocation": "europe-west4",
                    "clusterName": "ml-platform-production-gke",
                    "clusterProjectID": "acme-ml-production",
                    "serviceAccountRef": {"name": "reader", "namespace": "eso"},
                }
            },
        }
    }


def test_the_load_balancer_reaches_the_pods_through_standalone_negs() -> None:
    assert neg_name(WITH_DR) == "ml-platform-production-ingress"
    assert GCP.exposure(WITH_DR, GATEWAY, "") == Exposure(
        "ClusterIP",
        {"cloud.google.com/neg": '{"exposed_ports": {"80": {"name": "ml-platform-production-ingress"}}}'},
    )
    assert GCP.load_balancer_controller(WITH_DR) is None
    assert (GCP.load_balancer_sources, GCP.namespaces) == (("35.191.0.0/16", "130.211.0.0/22"), ())


def test_an_ingress_address_is_a_mistake_on_gcp() -> None:
    assert GCP.ingress_address_problem("10.30.0.0/16", "") is None
    assert GCP.ingress_address_problem("10.30.0.0/16", "10.30.0.9") == Problem(
        ("ingress_ip",),
        "'10.30.0.9' is set, but the load balancer reaches the gateway's pods through NEGs on GCP",
        "no ingress_ip for gcp",
    )


def test_backup_identity_is_a_service_account_of_its_own() -> None:
    workload = "ml-platform-workload@acme-ml-production.iam.gserviceaccount.com"
    assert GCP.backup_identity(WITH_DR, workload) == "mlplatformprodvelero@acme-ml-production.iam.gserviceaccount.com"
    assert accepts(GCP.identity_rule, GCP.backup_identity(WITH_DR, workload))
