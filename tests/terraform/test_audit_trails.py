"""The Checkov gaps closed in the stacks: audit trails (flow logs, control-plane, WAF, database, storage
access logs), default-deny networks, customer-keyed node disks, restricted public API endpoints."""

from __future__ import annotations

import json
from typing import Any

from tests.terraform.helpers import one, resources


def _drop_meta(body: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != "//"}


def test_aws_vpc_flow_logs_and_default_security_group(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    assert _drop_meta(one(aws, "aws_flow_log")) == {
        "iam_role_arn": "${aws_iam_role.flow-logs-role.arn}",
        "log_destination": "${aws_cloudwatch_log_group.flow-logs.arn}",
        "log_destination_type": "cloud-watch-logs",
        "max_aggregation_interval": 60,
        "traffic_type": "ALL",
        "vpc_id": "${aws_vpc.vpc.id}",
    }
    assert _drop_meta(one(aws, "aws_default_security_group")) == {
        "tags": {"Name": "ml-platform-production-default-deny"},
        "vpc_id": "${aws_vpc.vpc.id}",
    }
    groups = resources(aws, "aws_cloudwatch_log_group")
    assert {name: (g["name"], g["retention_in_days"], g["kms_key_id"]) for name, g in groups.items()} == {
        "eks-logs": ("/aws/eks/ml-platform-production-eks/cluster", 365, "${aws_kms_key.kms-data.arn}"),
        "flow-logs": ("/aws/vpc/ml-platform-production-vpc/flow-logs", 365, "${aws_kms_key.kms-data.arn}"),
        "kafka-logs": ("/aws/msk/ml-platform-production-kafka", 365, "${aws_kms_key.kms-data.arn}"),
        "waf-logs": ("aws-waf-logs-ml-platform-production", 365, "${aws_kms_key.kms-data.arn}"),
    }


def test_aws_eks_logs_every_control_plane_type_and_waf_logs_requests(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    assert one(aws, "aws_eks_cluster")["enabled_cluster_log_types"] == [
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
    ]
    assert _drop_meta(one(aws, "aws_wafv2_web_acl_logging_configuration")) == {
        "log_destination_configs": ["${aws_cloudwatch_log_group.waf-logs.arn}"],
        "redacted_fields": [{"single_header": {"name": "authorization"}}],
        "resource_arn": "${aws_wafv2_web_acl.waf.arn}",
    }
    anonymous = one(aws, "aws_wafv2_web_acl")["rule"][3]["statement"]["managed_rule_group_statement"]
    assert anonymous == {
        "name": "AWSManagedRulesAnonymousIpList",
        "rule_action_override": [{"action_to_use": {"count": {}}, "name": "HostingProviderIPList"}],
        "vendor_name": "AWS",
    }


def test_azure_every_subnet_has_a_network_security_group(stacks: dict[str, dict[str, Any]]) -> None:
    azure = stacks["azure-production"]
    links = resources(azure, "azurerm_subnet_network_security_group_association")
    assert {link["subnet_id"]: link["network_security_group_id"] for link in links.values()} == {
        f"${{azurerm_subnet.{name}.id}}": f"${{azurerm_network_security_group.nsg-{name}.id}}"
        for name in ("apiserver", "database", "endpoints", "gateway", "nodes")
    }
    rules = resources(azure, "azurerm_network_security_rule")
    assert {
        r["name"]: (
            r["network_security_group_name"],
            r["priority"],
            r["source_address_prefix"],
            r["destination_port_range"],
        )
        for r in rules.values()
    } == {
        "https-from-internet": ("${azurerm_network_security_group.nsg-gateway.name}", 100, "Internet", "443"),
        "http-from-internet": ("${azurerm_network_security_group.nsg-gateway.name}", 105, "Internet", "80"),
        "gateway-manager": ("${azurerm_network_security_group.nsg-gateway.name}", 110, "GatewayManager", "65200-65535"),
    }


def test_azure_node_disks_and_blob_access_logs(stacks: dict[str, dict[str, Any]]) -> None:
    azure = stacks["azure-production"]
    disks = one(azure, "azurerm_disk_encryption_set")
    assert (disks["key_vault_key_id"], disks["encryption_type"], disks["auto_key_rotation_enabled"]) == (
        "${azurerm_key_vault_key.kv-key.versionless_id}",
        "EncryptionAtRestWithCustomerKey",
        True,
    )
    aks = one(azure, "azurerm_kubernetes_cluster")
    assert aks["disk_encryption_set_id"] == "${azurerm_disk_encryption_set.disk-encryption.id}"
    # Production: private API server, in the delegated subnet (API Server VNet Integration), no public ranges.
    assert aks["api_server_access_profile"] == {
        "subnet_id": "${azurerm_subnet.apiserver.id}",
        "virtual_network_integration_enabled": True,
    }
    settings = resources(azure, "azurerm_monitor_diagnostic_setting")
    assert {name: (s["target_resource_id"], s["enabled_log"]) for name, s in settings.items()} == {
        f"{account}-blob-logs": (
            f"${{azurerm_storage_account.{account}.id}}/blobServices/default",
            [{"category": "StorageRead"}, {"category": "StorageWrite"}, {"category": "StorageDelete"}],
        )
        for account in ("storage", "dr-storage")
    }
    assert one(azure, "azurerm_log_analytics_workspace")["retention_in_days"] == 365


def test_gcp_database_audit_flags(stacks: dict[str, dict[str, Any]]) -> None:
    flags = one(stacks["gcp-production"], "google_sql_database_instance")["settings"]["database_flags"]
    assert [(f["name"], f["value"]) for f in flags] == [
        ("cloudsql.iam_authentication", "on"),
        ("cloudsql.enable_pgaudit", "on"),
        ("pgaudit.log", "ddl,role"),
        ("log_checkpoints", "on"),
        ("log_connections", "on"),
        ("log_disconnections", "on"),
        ("log_duration", "on"),
        ("log_hostname", "on"),
        ("log_min_error_statement", "error"),
        ("log_statement", "ddl"),
    ]


def test_gcp_firewall_intranode_visibility_and_storage_audit(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    assert _drop_meta(resources(gcp, "google_compute_firewall")["deny-all-ingress"]) == {
        "deny": [{"protocol": "all"}],
        "direction": "INGRESS",
        "log_config": {"metadata": "INCLUDE_ALL_METADATA"},
        "name": "ml-platform-production-deny-all-ingress",
        "network": "${google_compute_network.vpc.id}",
        "priority": 65534,
        "source_ranges": ["0.0.0.0/0"],
    }
    assert one(gcp, "google_container_cluster")["enable_intranode_visibility"] is True
    assert _drop_meta(one(gcp, "google_project_iam_audit_config")) == {
        "audit_log_config": [{"log_type": "DATA_READ"}, {"log_type": "DATA_WRITE"}],
        "project": "acme-ml-production",
        "service": "storage.googleapis.com",
    }
    assert one(gcp, "google_logging_project_bucket_config")["retention_days"] == 365


def test_aws_access_logs_of_buckets_and_load_balancer(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    logging = resources(aws, "aws_s3_bucket_logging")
    assert {
        name: (g["bucket"], g["target_bucket"], g["target_prefix"], g.get("region")) for name, g in logging.items()
    } == {
        "models-access-logs": ("${aws_s3_bucket.models.id}", "${aws_s3_bucket.access-logs.id}", "s3/models/", None),
        "dr-bucket-access-logs": (
            "${aws_s3_bucket.dr-bucket.id}",
            "${aws_s3_bucket.dr-access-logs.id}",
            "s3/dr-bucket/",
            "us-west-2",
        ),
    }
    alb = one(aws, "aws_lb")
    assert (alb["access_logs"], alb["depends_on"]) == (
        {"bucket": "${aws_s3_bucket.access-logs.id}", "enabled": True, "prefix": "alb"},
        ["aws_s3_bucket_policy.access-logs-policy"],
    )
    sse = resources(aws, "aws_s3_bucket_server_side_encryption_configuration")["access-logs-encryption"]
    assert sse["rule"] == [{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}]
    lifecycle = resources(aws, "aws_s3_bucket_lifecycle_configuration")["access-logs-lifecycle"]
    assert lifecycle["rule"] == [
        {
            "abort_incomplete_multipart_upload": [{"days_after_initiation": 1}],
            "expiration": [{"days": 365}],
            "filter": [{"prefix": ""}],
            "id": "expire-logs",
            "noncurrent_version_expiration": [{"noncurrent_days": 7}],
            "status": "Enabled",
        }
    ]


def test_aws_access_log_bucket_policy_admits_only_log_delivery(stacks: dict[str, dict[str, Any]]) -> None:
    policy = json.loads(resources(stacks["aws-production"], "aws_s3_bucket_policy")["access-logs-policy"]["policy"])
    arn = "${aws_s3_bucket.access-logs.arn}"
    assert [(s["Effect"], s["Principal"], s["Action"], s["Resource"]) for s in policy["Statement"]] == [
        ("Allow", {"Service": "logging.s3.amazonaws.com"}, "s3:PutObject", f"{arn}/s3/*"),
        (
            "Allow",
            {"AWS": "${data.aws_elb_service_account.access-logs-elb-account.arn}"},
            "s3:PutObject",
            f"{arn}/alb/AWSLogs/333333333333/*",
        ),
        (
            "Allow",
            {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
            "s3:PutObject",
            f"{arn}/alb/AWSLogs/333333333333/*",
        ),
        ("Deny", "*", "s3:*", [arn, f"{arn}/*"]),
    ]
    assert policy["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": "333333333333"}}


def test_azure_key_vaults_have_private_endpoints(stacks: dict[str, dict[str, Any]]) -> None:
    endpoints = resources(stacks["azure-production"], "azurerm_private_endpoint")
    vaults = {
        name: (e["private_service_connection"]["private_connection_resource_id"], e["private_dns_zone_group"])
        for name, e in endpoints.items()
        if e["private_service_connection"]["subresource_names"] == ["vault"]
    }
    zone = {"name": "vault", "private_dns_zone_ids": ["${azurerm_private_dns_zone.vault-dns.id}"]}
    assert vaults == {
        "vault-endpoint": ("${azurerm_key_vault.kv.id}", zone),
        "vault-dr-endpoint": ("${azurerm_key_vault.kvdr.id}", {**zone, "name": "vault-dr"}),
    }


def test_gke_binds_google_groups(stacks: dict[str, dict[str, Any]]) -> None:
    gke = one(stacks["gcp-production"], "google_container_cluster")
    assert gke["authenticator_groups_config"] == {"security_group": "gke-security-groups@acme.example"}
