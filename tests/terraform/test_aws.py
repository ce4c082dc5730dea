"""The platform's promises in the AWS production stack."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.terraform.helpers import literal_secrets, one, resources, spot_shares

KEY = "${aws_kms_key.kms-data.arn}"


@pytest.fixture(scope="module")
def aws(stacks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return stacks["aws-production"]


def test_backend_and_pinned_provider(aws: dict[str, Any]) -> None:
    assert aws["terraform"] == {
        "backend": {
            "s3": {
                "bucket": "acme-ml-platform-tfstate",
                "encrypt": True,
                "key": "aws-production/terraform.tfstate",
                "region": "us-east-1",
                "use_lockfile": True,
            }
        },
        "required_providers": {"aws": {"source": "hashicorp/aws", "version": "6.69.1"}},
        "required_version": ">= 1.11.0, < 2.0.0",
    }


def test_every_resource_is_tagged_through_default_tags(aws: dict[str, Any]) -> None:
    assert aws["provider"]["aws"] == [
        {
            "allowed_account_ids": ["333333333333"],
            "region": "us-east-1",
            "default_tags": [
                {
                    "tags": {
                        "cost-center": "ml-platform",
                        "environment": "production",
                        "managed-by": "fleetform",
                        "owner": "ml-platform-team",
                    }
                }
            ],
        }
    ]


def test_data_is_encrypted_with_the_customer_key(aws: dict[str, Any]) -> None:
    db = one(aws, "aws_db_instance")
    assert (db["storage_encrypted"], db["kms_key_id"], db["performance_insights_kms_key_id"]) == (True, KEY, KEY)
    cache = one(aws, "aws_elasticache_replication_group")
    assert (cache["at_rest_encryption_enabled"], cache["transit_encryption_enabled"], cache["kms_key_id"]) == (
        "true",
        True,
        KEY,
    )
    kafka = one(aws, "aws_msk_cluster")["encryption_info"]
    assert kafka == {
        "encryption_at_rest_kms_key_arn": KEY,
        "encryption_in_transit": {"client_broker": "TLS", "in_cluster": True},
    }
    sse = resources(aws, "aws_s3_bucket_server_side_encryption_configuration")["models-encryption"]["rule"]
    assert sse == [
        {
            "apply_server_side_encryption_by_default": {"kms_master_key_id": KEY, "sse_algorithm": "aws:kms"},
            "bucket_key_enabled": True,
        }
    ]
    assert one(aws, "aws_eks_cluster")["encryption_config"] == {"provider": {"key_arn": KEY}, "resources": ["secrets"]}
    assert {k["enable_key_rotation"] for k in resources(aws, "aws_kms_key").values()} == {True}


def test_high_availability_and_deletion_protection(aws: dict[str, Any]) -> None:
    db = one(aws, "aws_db_instance")
    assert (db["multi_az"], db["deletion_protection"], db["skip_final_snapshot"], db["backup_retention_period"]) == (
        True,
        True,
        False,
        14,
    )
    cache = one(aws, "aws_elasticache_replication_group")
    assert (cache["num_cache_clusters"], cache["automatic_failover_enabled"], cache["multi_az_enabled"]) == (
        3,
        True,
        True,
    )
    assert len(resources(aws, "aws_nat_gateway")) == 3
    assert one(aws, "aws_eks_cluster")["deletion_protection"] is True
    assert one(aws, "aws_lb")["enable_deletion_protection"] is True


def test_private_api_endpoint_and_private_data(aws: dict[str, Any]) -> None:
    vpc = one(aws, "aws_eks_cluster")["vpc_config"]
    assert (vpc["endpoint_private_access"], vpc["endpoint_public_access"]) == (True, False)
    assert one(aws, "aws_db_instance")["publicly_accessible"] is False
    blocks = resources(aws, "aws_s3_bucket_public_access_block")
    assert sorted(blocks) == [
        "access-logs-public-access",
        "dr-access-logs-public-access",
        "dr-bucket-public-access",
        "models-public-access",
    ]
    for block in blocks.values():
        assert [
            block[k]
            for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
        ] == [True, True, True, True]


def test_spot_is_at_most_30_percent(aws: dict[str, Any]) -> None:
    groups = resources(aws, "aws_eks_node_group")
    assert sorted(groups) == ["nodes-app", "nodes-spot", "nodes-system"]
    pools = [
        (g["scaling_config"]["min_size"], g["scaling_config"]["max_size"], g["capacity_type"] == "SPOT")
        for name, g in groups.items()
        if name != "nodes-system"
    ]
    assert spot_shares(pools) == (25.0, 30.0)


def test_no_plaintext_secrets(aws: dict[str, Any]) -> None:
    assert literal_secrets(aws) == []
    assert one(aws, "aws_db_instance")["manage_master_user_password"] is True
    assert [u["authentication_mode"]["type"] for u in resources(aws, "aws_elasticache_user").values()] == [
        "iam",
        "no-password-required",
    ]


def test_disaster_recovery_in_the_secondary_region(aws: dict[str, Any]) -> None:
    replication = one(aws, "aws_db_instance_automated_backups_replication")
    assert (replication["region"], replication["retention_period"]) == ("us-west-2", 14)
    assert resources(aws, "aws_s3_bucket")["dr-bucket"]["region"] == "us-west-2"
    rule = one(aws, "aws_s3_bucket_replication_configuration")["rule"][0]
    assert rule["destination"]["bucket"] == "${aws_s3_bucket.dr-bucket.arn}"
    assert aws["output"]["dr_region"]["value"] == "us-west-2"
    assert aws["output"]["backup_bucket"]["value"] == "${aws_s3_bucket.dr-bucket.bucket}"


def test_waf_protects_the_load_balancer(aws: dict[str, Any]) -> None:
    assoc = one(aws, "aws_wafv2_web_acl_association")
    assert assoc == {
        "//": assoc["//"],
        "resource_arn": "${aws_lb.alb.arn}",
        "web_acl_arn": "${aws_wafv2_web_acl.waf.arn}",
    }
    assert [r["name"] for r in one(aws, "aws_wafv2_web_acl")["rule"]] == [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesAnonymousIpList",
        "rate-limit",
    ]


def test_serverless_is_off_by_default_and_budget_is_set(aws: dict[str, Any]) -> None:
    assert "aws_ecs_service" not in aws["resource"]
    budget = one(aws, "aws_budgets_budget")
    assert (budget["limit_amount"], budget["time_unit"]) == ("25000", "MONTHLY")


def test_the_vpc_cni_enforces_network_policies(aws: dict[str, Any]) -> None:
    # Without the VPC CNI's network policy agent, EKS would ignore every NetworkPolicy in dist/.
    addon = resources(aws, "aws_eks_addon")["vpc-cni"]
    assert (addon["addon_name"], addon["cluster_name"], json.loads(addon["configuration_values"])) == (
        "vpc-cni",
        "${aws_eks_cluster.eks.name}",
        {"enableNetworkPolicy": "true"},
    )
