"""The platform's Secret Manager secrets and the service account External Secrets Operator reads them as.

The connection secret is built from the data services' attributes: Cloud SQL (private IP, IAM database
authentication: the platform's service account signs in with a token, no password), Memorystore for Redis
(TLS; it has no IAM authentication, so its AUTH string is the password, read from the instance by reference),
Managed Kafka (IAM over TLS). Alert receiver secrets hold a placeholder the operator replaces out of band;
Terraform never overwrites it. Secrets are replicated in the cluster's region only and encrypted with the
customer key. The reader service account is bound to the operator's store ServiceAccount (Workload
Identity) and may access exactly these secrets.
"""

from __future__ import annotations

from cdktn import Fn, Token
from cdktn_provider_google.kms_crypto_key_iam_member import KmsCryptoKeyIamMember
from cdktn_provider_google.managed_kafka_cluster import ManagedKafkaCluster
from cdktn_provider_google.redis_instance import RedisInstance
from cdktn_provider_google.secret_manager_secret import (
    SecretManagerSecret,
    SecretManagerSecretReplication,
    SecretManagerSecretReplicationUserManaged,
    SecretManagerSecretReplicationUserManagedReplicas,
    SecretManagerSecretReplicationUserManagedReplicasCustomerManagedEncryption,
)
from cdktn_provider_google.secret_manager_secret_iam_member import SecretManagerSecretIamMember
from cdktn_provider_google.secret_manager_secret_version import SecretManagerSecretVersion
from cdktn_provider_google.service_account import ServiceAccount
from cdktn_provider_google.service_account_iam_member import ServiceAccountIamMember
from cdktn_provider_google.sql_database_instance import SqlDatabaseInstance
from constructs import Construct

from fleetform.clouds.secrets import PLACEHOLDERS, STORE_READER, connection_entry
from fleetform.settings.namespaces import EXTERNAL_SECRETS_NS
from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.cluster import Cluster
from fleetform.terraform.gcp.database import DATABASE
from fleetform.terraform.secret_entries import StoreAccess, connection_value, out_of_band_entries

#: Secret Manager's service agent, which encrypts the secrets with the customer key.
AGENT = "gcp-sa-secretmanager.iam.gserviceaccount.com"


def build_secrets(
    scope: Construct,
    ctx: StackContext,
    key_id: str,
    project_number: str,
    cluster: Cluster,
    db: SqlDatabaseInstance,
    cache: RedisInstance,
    kafka: ManagedKafkaCluster,
) -> StoreAccess:
    """The secrets and the reader service account."""
    site = ctx.cluster.site
    agent = KmsCryptoKeyIamMember(
        scope,
        "key-agent-secretmanager",
        crypto_key_id=key_id,
        role="roles/cloudkms.cryptoKeyEncrypterDecrypter",
        member=f"serviceAccount:service-{project_number}@{AGENT}",
    )
    value = connection_value(
        {
            "database_host": db.private_ip_address,
            "database_port": str(ctx.cluster.cloud_settings.ports.database),
            "database_name": DATABASE,
            # The IAM database user of the platform's service account (fleetform/terraform/gcp/database.py).
            "database_user": Fn.trimsuffix(cluster.workload_email, ".gserviceaccount.com"),
            "cache_host": cache.host,
            "cache_port": Token.as_string(cache.port),
            "cache_user": "",
            "cache_password": cache.auth_string,
            "broker_bootstrap": kafka.bootstrap_address,
        }
    )
    entries = [_secret(scope, ctx, key_id, agent, "connections", connection_entry(site), value)]
    for extra in out_of_band_entries(ctx.cluster):
        entries.append(_secret(scope, ctx, key_id, agent, extra.id, extra.name, extra.placeholder))
    email = ctx.cluster.secret_store_identity
    reader = ServiceAccount(
        scope,
        "secret-store-sa",
        account_id=email.split("@", 1)[0],
        display_name=f"{ctx.prefix} secret store reader (External Secrets Operator)",
    )
    ServiceAccountIamMember(
        scope,
        "secret-store-federation",
        service_account_id=reader.name,
        role="roles/iam.workloadIdentityUser",
        member=f"serviceAccount:{ctx.account}.svc.id.goog[{EXTERNAL_SECRETS_NS}/{STORE_READER}]",
    )
    for id_, secret in entries:
        SecretManagerSecretIamMember(
            scope,
            f"secret-{id_}-reader",
            secret_id=secret.id,
            role="roles/secretmanager.secretAccessor",
            member=f"serviceAccount:{reader.email}",
        )
    return StoreAccess(reader.email, entries[0][1].name)


def _secret(
    scope: Construct, ctx: StackContext, key_id: str, agent: KmsCryptoKeyIamMember, id_: str, name: str, value: str
) -> tuple[str, SecretManagerSecret]:
    """A secret in the cluster's region, encrypted with the customer key, and its first version; a
    placeholder is never written back."""
    secret = SecretManagerSecret(
        scope,
        f"secret-{id_}",
        secret_id=name,
        # Typed structs: cdktn drops the keys of plain dicts nested in a list.
        replication=SecretManagerSecretReplication(
            user_managed=SecretManagerSecretReplicationUserManaged(
                replicas=[
                    SecretManagerSecretReplicationUserManagedReplicas(
                        location=ctx.region,
                        customer_managed_encryption=(
                            SecretManagerSecretReplicationUserManagedReplicasCustomerManagedEncryption(
                                kms_key_name=key_id
                            )
                        ),
                    )
                ]
            )
        ),
        labels=ctx.labels,
        deletion_protection=ctx.production_grade,
        depends_on=[agent],
    )
    SecretManagerSecretVersion(
        scope,
        f"secret-{id_}-value",
        secret=secret.id,
        secret_data=value,
        lifecycle={"ignore_changes": ["secret_data"]} if value in PLACEHOLDERS else None,
    )
    return id_, secret
