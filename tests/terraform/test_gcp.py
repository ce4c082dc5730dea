"""The platform's promises in the GCP production stack."""

from __future__ import annotations

from typing import Any

import pytest

from tests.terraform.helpers import literal_secrets, one, resources, spot_shares

KEY = "${google_kms_crypto_key.key.id}"
LABELS = {
    "cost-center": "ml-platform",
    "environment": "production",
    "managed-by": "fleetform",
    "owner": "ml-platform-team",
}


@pytest.fixture(scope="module")
def gcp(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["gcp-production"]


def test_backend_provider_and_default_labels(gcp: dict[str, Any]) -> None:
    assert gcp["terraform"] == {
        "backend": {"gcs": {"bucket": "acme-ml-platform-tfstate", "prefix": "gcp-production"}},
        "required_providers": {"google": {"source": "hashicorp/google", "version": "8.7.0"}},
        "required_version": ">= 1.11.0, < 2.0.0",
    }
    assert gcp["provider"]["google"] == [
        {
            "add_terraform_attribution_label": True,
            "default_labels": LABELS,
            "project": "acme-ml-production",
            "region": "europe-west4",
        }
    ]
    assert one(gcp, "google_container_cluster")["resource_labels"] == LABELS
    assert one(gcp, "google_sql_database_instance")["settings"]["user_labels"] == LABELS


def test_data_is_encrypted_with_the_customer_key(gcp: dict[str, Any]) -> None:
    assert one(gcp, "google_sql_database_instance")["encryption_key_name"] == KEY
    assert one(gcp, "google_redis_instance")["customer_managed_key"] == KEY
    assert one(gcp, "google_managed_kafka_cluster")["gcp_config"]["kms_key"] == KEY
    assert resources(gcp, "google_storage_bucket")["models"]["encryption"] == {"default_kms_key_name": KEY}
    assert one(gcp, "google_container_cluster")["database_encryption"] == {"key_name": KEY, "state": "ENCRYPTED"}
    assert {k["rotation_period"] for k in resources(gcp, "google_kms_crypto_key").values()} == {"7776000s"}


def test_high_availability_and_deletion_protection(gcp: dict[str, Any]) -> None:
    sql = one(gcp, "google_sql_database_instance")
    assert (
        sql["settings"]["availability_type"],
        sql["deletion_protection"],
        sql["settings"]["deletion_protection_enabled"],
    ) == ("REGIONAL", True, True)
    assert sql["settings"]["backup_configuration"]["backup_retention_settings"] == {
        "retained_backups": 14,
        "retention_unit": "COUNT",
    }
    redis = one(gcp, "google_redis_instance")
    assert (redis["tier"], redis["replica_count"], redis["deletion_protection"]) == ("STANDARD_HA", 2, True)
    gke = one(gcp, "google_container_cluster")
    assert (gke["location"], gke["node_locations"], gke["deletion_protection"]) == (
        "europe-west4",
        ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
        True,
    )


def test_private_endpoint_and_private_data(gcp: dict[str, Any]) -> None:
    private = one(gcp, "google_container_cluster")["private_cluster_config"]
    assert private == {
        "enable_private_endpoint": True,
        "enable_private_nodes": True,
        "master_ipv4_cidr_block": "172.16.0.0/28",
    }
    ip = one(gcp, "google_sql_database_instance")["settings"]["ip_configuration"]
    assert (ip["ipv4_enabled"], ip["ssl_mode"]) == (False, "ENCRYPTED_ONLY")
    assert one(gcp, "google_redis_instance")["connect_mode"] == "PRIVATE_SERVICE_ACCESS"
    assert resources(gcp, "google_storage_bucket")["models"]["public_access_prevention"] == "enforced"


def test_spot_is_at_most_30_percent(gcp: dict[str, Any]) -> None:
    pools = resources(gcp, "google_container_node_pool")
    assert sorted(pools) == ["pool-app", "pool-spot", "pool-system"]
    app = [
        (p["autoscaling"]["total_min_node_count"], p["autoscaling"]["total_max_node_count"], p["node_config"]["spot"])
        for name, p in pools.items()
        if name != "pool-system"
    ]
    assert spot_shares(app) == (25.0, 30.0)


def test_no_plaintext_secrets(gcp: dict[str, Any]) -> None:
    assert literal_secrets(gcp) == []
    user = one(gcp, "google_sql_user")
    assert (user["type"], user["name"]) == (
        "CLOUD_IAM_SERVICE_ACCOUNT",
        '${trimsuffix(google_service_account.workload-sa.email, ".gserviceaccount.com")}',
    )
    assert one(gcp, "google_redis_instance")["auth_enabled"] is True


def test_workload_identity_binds_the_settings_identity(gcp: dict[str, Any]) -> None:
    sa = resources(gcp, "google_service_account")["workload-sa"]
    assert sa["account_id"] == "ml-platform-workload"
    member = resources(gcp, "google_service_account_iam_member")["workload-federation"]
    assert member["member"] == "serviceAccount:acme-ml-production.svc.id.goog[ml-production/ml-platform]"


def test_disaster_recovery(gcp: dict[str, Any]) -> None:
    sql = one(gcp, "google_sql_database_instance")
    assert sql["settings"]["backup_configuration"]["location"] == "europe-west1"
    assert resources(gcp, "google_storage_bucket")["dr-bucket"]["location"] == "EUROPE-WEST1"
    assert resources(gcp, "google_kms_key_ring")["keyring-dr"]["location"] == "europe-west1"
    job = one(gcp, "google_storage_transfer_job")["replication_spec"]
    assert job == {
        "gcs_data_sink": {"bucket_name": "${google_storage_bucket.dr-bucket.name}"},
        "gcs_data_source": {"bucket_name": "${google_storage_bucket.models.name}"},
    }


def test_cloud_armor_policy(gcp: dict[str, Any]) -> None:
    rules = one(gcp, "google_compute_security_policy")["rule"]
    assert [(r["priority"], r["action"]) for r in rules] == [
        (1000, "deny(403)"),
        (1001, "deny(403)"),
        (1002, "deny(403)"),
        (1003, "deny(403)"),
        (1004, "deny(403)"),
        (2000, "throttle"),
        (2147483647, "allow"),
    ]


def test_the_private_control_plane_reaches_istiod_webhook_only(gcp: dict[str, Any]) -> None:
    rules = resources(gcp, "google_compute_firewall")
    assert sorted(rules) == ["allow-control-plane-istiod", "deny-all-ingress"]
    rule = rules["allow-control-plane-istiod"]
    # The GKE control plane range (settings/clouds/gcp.yaml api_server_cidrs) to istiod's webhook port only.
    assert (rule["source_ranges"], rule["allow"], rule["priority"]) == (
        ["172.16.0.0/28"],
        [{"ports": ["15017"], "protocol": "tcp"}],
        1000,
    )
