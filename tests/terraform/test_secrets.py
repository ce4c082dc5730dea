"""Each stack's secret store entries and the identity that reads them (fleetform/terraform/<cloud>/secrets.py):
the connection entry is built from references to the stack's resources, receiver entries and the
Elasticsearch credentials are placeholders Terraform never overwrites, and the reader may read exactly the
platform's entries."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from fleetform.clouds.secrets import CONNECTION_PROPERTIES, ELASTICSEARCH_PLACEHOLDER, RECEIVER_PLACEHOLDER
from fleetform.settings import load_settings
from fleetform.terraform.secret_entries import connection_value, out_of_band_entries
from tests.terraform.helpers import one, resources

SUBJECT = "system:serviceaccount:external-secrets:secret-store"
#: The properties of a ``${jsonencode({"key" = value, ...})}`` argument, in order.
PROPERTY = re.compile(r'"(\w+)" = ')


def _properties(value: str) -> list[str]:
    assert value.startswith("${jsonencode({") and value.endswith("})}"), value
    return PROPERTY.findall(value)


def test_aws_entries_are_encrypted_and_filled_from_the_resources(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    secrets = resources(aws, "aws_secretsmanager_secret")
    assert {key: (s["name"], s["kms_key_id"], s["recovery_window_in_days"]) for key, s in secrets.items()} == {
        "secret-connections": ("ml-platform-production-connections", "${aws_kms_key.kms-data.arn}", 30),
        "secret-alerts-chat": ("ml-platform-production-alerts-chat", "${aws_kms_key.kms-data.arn}", 30),
        "secret-alerts-pager": ("ml-platform-production-alerts-pager", "${aws_kms_key.kms-data.arn}", 30),
        "secret-elasticsearch": ("ml-platform-production-elasticsearch", "${aws_kms_key.kms-data.arn}", 30),
    }
    value = resources(aws, "aws_secretsmanager_secret_version")["secret-connections-value"]["secret_string"]
    assert value == (
        '${jsonencode({"database_host" = aws_db_instance.db.address, "database_port" = aws_db_instance.db.port, '
        '"database_name" = aws_db_instance.db.db_name, "database_user" = aws_db_instance.db.username, '
        '"cache_host" = aws_elasticache_replication_group.cache.primary_endpoint_address, '
        '"cache_port" = aws_elasticache_replication_group.cache.port, "cache_user" = "ml-platform-production-app", '
        '"cache_password" = "", "broker_bootstrap" = aws_msk_cluster.kafka.bootstrap_brokers_sasl_iam})}'
    )


def test_aws_reader_role_reads_exactly_the_entries(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    role = resources(aws, "aws_iam_role")["secret-store-role"]
    assert role["name"] == "ml-platform-production-secret-store"
    # JSON only once Terraform has evaluated the issuer's replace(): compare the text.
    issuer = '${replace(aws_eks_cluster.eks.identity[0].oidc[0].issuer, "https://", "")}'
    assert role["assume_role_policy"] == (
        '{"Statement": [{"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
        f'{{"{issuer}:aud": "sts.amazonaws.com", "{issuer}:sub": "{SUBJECT}"}}}}, "Effect": "Allow", '
        '"Principal": {"Federated": "${aws_iam_openid_connect_provider.eks-oidc.arn}"}}], "Version": "2012-10-17"}'
    )
    policy = json.loads(resources(aws, "aws_iam_role_policy")["secret-store-policy"]["policy"])
    assert policy["Statement"] == [
        {
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Resource": [
                "${aws_secretsmanager_secret.secret-connections.arn}",
                "${aws_secretsmanager_secret.secret-alerts-chat.arn}",
                "${aws_secretsmanager_secret.secret-alerts-pager.arn}",
                "${aws_secretsmanager_secret.secret-elasticsearch.arn}",
            ],
        },
        {
            "Effect": "Allow",
            "Action": ["kms:Decrypt"],
            "Resource": ["${aws_kms_key.kms-data.arn}"],
            "Condition": {"StringEquals": {"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}},
        },
    ]


def test_azure_secrets_are_read_one_by_one_by_the_federated_identity(stacks: dict[str, dict[str, Any]]) -> None:
    azure = stacks["azure-production"]
    secrets = resources(azure, "azurerm_key_vault_secret")
    assert {key: (s["name"], s["key_vault_id"], s["content_type"]) for key, s in secrets.items()} == {
        "secret-connections": ("ml-platform-production-connections", "${azurerm_key_vault.kv.id}", "application/json"),
        "secret-alerts-chat": ("ml-platform-production-alerts-chat", "${azurerm_key_vault.kv.id}", "text/plain"),
        "secret-alerts-pager": ("ml-platform-production-alerts-pager", "${azurerm_key_vault.kv.id}", "text/plain"),
        "secret-elasticsearch": (
            "ml-platform-production-elasticsearch",
            "${azurerm_key_vault.kv.id}",
            "application/json",
        ),
    }
    # Written through the private endpoint: the vault takes no public traffic.
    assert {tuple(s["depends_on"]) for s in secrets.values()} == {
        ("azurerm_private_endpoint.vault-endpoint", "azurerm_private_dns_zone_virtual_network_link.vault-dns-link")
    }
    readers = {
        key: (r["scope"], r["role_definition_name"], r["principal_id"])
        for key, r in resources(azure, "azurerm_role_assignment").items()
        if key.startswith("secret-")
    }
    principal = "${azurerm_user_assigned_identity.secret-store-identity.principal_id}"
    assert readers == {
        f"secret-{name}-reader": (
            f"${{azurerm_key_vault_secret.secret-{name}.resource_versionless_id}}",
            "Key Vault Secrets User",
            principal,
        )
        for name in ("connections", "alerts-chat", "alerts-pager", "elasticsearch")
    }
    federation = resources(azure, "azurerm_federated_identity_credential")["secret-store-federation"]
    assert (federation["subject"], federation["issuer"], federation["audience"]) == (
        SUBJECT,
        "${azurerm_kubernetes_cluster.aks.oidc_issuer_url}",
        ["api://AzureADTokenExchange"],
    )
    assert resources(azure, "azurerm_user_assigned_identity")["secret-store-identity"]["name"] == (
        "ml-platform-production-secret-store"
    )
    assert azure["output"]["secret_store_identity"]["value"] == (
        "${azurerm_user_assigned_identity.secret-store-identity.client_id}"
    )


def test_azure_dev_has_no_receiver_entries(stacks: dict[str, dict[str, Any]]) -> None:
    """Dev routes every alert to the null receiver: no endpoint to keep (it still ships traces and logs)."""
    assert list(resources(stacks["azure-dev"], "azurerm_key_vault_secret")) == [
        "secret-connections",
        "secret-elasticsearch",
    ]


def test_gcp_secrets_use_the_customer_key_and_one_reader(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    secrets = resources(gcp, "google_secret_manager_secret")
    assert sorted(s["secret_id"] for s in secrets.values()) == [
        "ml-platform-production-alerts-chat",
        "ml-platform-production-alerts-pager",
        "ml-platform-production-connections",
        "ml-platform-production-elasticsearch",
    ]
    for secret in secrets.values():
        assert secret["replication"] == {
            "user_managed": {
                "replicas": [
                    {
                        "customer_managed_encryption": {"kms_key_name": "${google_kms_crypto_key.key.id}"},
                        "location": "europe-west4",
                    }
                ]
            }
        }
        assert secret["depends_on"] == ["google_kms_crypto_key_iam_member.key-agent-secretmanager"]
        assert secret["deletion_protection"] is True
    agent = resources(gcp, "google_kms_crypto_key_iam_member")["key-agent-secretmanager"]
    assert agent["member"] == (
        "serviceAccount:service-${data.google_project.project.number}@gcp-sa-secretmanager.iam.gserviceaccount.com"
    )
    readers = resources(gcp, "google_secret_manager_secret_iam_member")
    assert {r["secret_id"] for r in readers.values()} == {f"${{google_secret_manager_secret.{k}.id}}" for k in secrets}
    assert {(r["role"], r["member"]) for r in readers.values()} == {
        ("roles/secretmanager.secretAccessor", "serviceAccount:${google_service_account.secret-store-sa.email}")
    }
    binding = resources(gcp, "google_service_account_iam_member")["secret-store-federation"]
    assert (binding["role"], binding["member"], binding["service_account_id"]) == (
        "roles/iam.workloadIdentityUser",
        "serviceAccount:acme-ml-production.svc.id.goog[external-secrets/secret-store]",
        "${google_service_account.secret-store-sa.name}",
    )
    value = resources(gcp, "google_secret_manager_secret_version")["secret-connections-value"]["secret_data"]
    assert '"cache_password" = google_redis_instance.redis.auth_string' in value
    assert '"database_user" = trimsuffix(google_service_account.workload-sa.email, ".gserviceaccount.com")' in value


@pytest.mark.parametrize(
    ("cluster", "rtype", "argument"),
    [
        ("aws-production", "aws_secretsmanager_secret_version", "secret_string"),
        ("azure-production", "azurerm_key_vault_secret", "value"),
        ("gcp-production", "google_secret_manager_secret_version", "secret_data"),
    ],
)
def test_entries_hold_references_or_a_placeholder_terraform_never_rewrites(
    stacks: dict[str, dict[str, Any]], cluster: str, rtype: str, argument: str
) -> None:
    for key, body in resources(stacks[cluster], rtype).items():
        value = body[argument]
        if "connections" in key:
            assert _properties(value) == list(CONNECTION_PROPERTIES), key
            assert "lifecycle" not in body, key
        else:
            placeholder = ELASTICSEARCH_PLACEHOLDER if "elasticsearch" in key else RECEIVER_PLACEHOLDER
            assert value == placeholder, key
            assert body["lifecycle"] == {"ignore_changes": [argument]}, key


def test_connection_entry_must_hold_every_property() -> None:
    values = dict.fromkeys(CONNECTION_PROPERTIES, "x")
    del values["cache_port"]
    values["cache_url"] = "x"
    with pytest.raises(ValueError) as info:
        connection_value(values)
    assert str(info.value) == "connection entry: properties missing ['cache_port'], unexpected ['cache_url']"


def test_outputs_name_the_reader_and_the_connection_entry(stacks: dict[str, dict[str, Any]]) -> None:
    outputs = {
        cid: (s["output"]["secret_store_identity"]["value"], s["output"]["connection_secret"]["value"])
        for cid, s in stacks.items()
        if cid != "variant"
    }
    assert outputs == {
        "aws-production": (
            "${aws_iam_role.secret-store-role.arn}",
            "${aws_secretsmanager_secret.secret-connections.arn}",
        ),
        "azure-production": (
            "${azurerm_user_assigned_identity.secret-store-identity.client_id}",
            "${azurerm_key_vault_secret.secret-connections.versionless_id}",
        ),
        "gcp-production": (
            "${google_service_account.secret-store-sa.email}",
            "${google_secret_manager_secret.secret-connections.name}",
        ),
        "azure-dev": (
            "${azurerm_user_assigned_identity.secret-store-identity.client_id}",
            "${azurerm_key_vault_secret.secret-connections.versionless_id}",
        ),
    }
    assert one(stacks["gcp-production"], "google_sql_database")["name"] == "mlplatform"
    assert one(stacks["azure-production"], "azurerm_postgresql_flexible_server_database")["name"] == "mlplatform"


def test_the_elasticsearch_entry_exists_while_traces_or_logs_are_shipped(repo: Path) -> None:
    cluster = next(c for c in load_settings(repo / "settings").clusters() if c.id == "aws-dev")
    on = [(e.id, e.name, e.json) for e in out_of_band_entries(cluster)]
    assert on == [("elasticsearch", "ml-platform-dev-elasticsearch", True)]  # dev routes alerts nowhere
    env = dataclasses.replace(
        cluster.env,
        tracing=dataclasses.replace(cluster.env.tracing, enabled=False),
        logging=dataclasses.replace(cluster.env.logging, enabled=False, credentials="es-logs"),
    )
    assert out_of_band_entries(dataclasses.replace(cluster, env=env)) == []
    env = dataclasses.replace(env, tracing=cluster.env.tracing)
    entries = out_of_band_entries(dataclasses.replace(cluster, env=env))
    assert [(e.name, e.placeholder) for e in entries] == [("ml-platform-dev-es-logs", ELASTICSEARCH_PLACEHOLDER)]
    assert json.loads(ELASTICSEARCH_PLACEHOLDER)["password"] == ""
