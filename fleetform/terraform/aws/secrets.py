"""The platform's Secrets Manager entries and the IRSA role External Secrets Operator reads them as.

The connection entry is built from the data services' attributes: RDS (IAM authentication: the user signs
in with a token, no password), ElastiCache (TLS, the IAM-authenticated user) and MSK (TLS with IAM
authentication). Alert receiver entries and the Elasticsearch credentials entry are created with a
placeholder that the operator replaces out of band; Terraform never overwrites it. Every entry is encrypted
with the customer key; the role may read exactly these entries, and decrypt with the key only through Secrets Manager.
"""

from __future__ import annotations

from cdktn import Token
from cdktn_provider_aws.db_instance import DbInstance
from cdktn_provider_aws.elasticache_replication_group import ElasticacheReplicationGroup
from cdktn_provider_aws.iam_role import IamRole
from cdktn_provider_aws.iam_role_policy import IamRolePolicy
from cdktn_provider_aws.kms_key import KmsKey
from cdktn_provider_aws.msk_cluster import MskCluster
from cdktn_provider_aws.secretsmanager_secret import SecretsmanagerSecret
from cdktn_provider_aws.secretsmanager_secret_version import SecretsmanagerSecretVersion
from constructs import Construct

from fleetform.clouds.secrets import connection_entry
from fleetform.terraform.aws.cluster import Cluster, irsa_trust
from fleetform.terraform.aws.iam import policy
from fleetform.terraform.context import StackContext
from fleetform.terraform.secret_entries import READER_SUBJECT, StoreAccess, connection_value, out_of_band_entries

#: Days a deleted entry can be restored in production-grade environments (the Secrets Manager maximum);
#: elsewhere entries are deleted at once, so a re-created dev stack can reuse the names.
RECOVERY_DAYS = 30


def build_secrets(
    scope: Construct,
    ctx: StackContext,
    key: KmsKey,
    cluster: Cluster,
    db: DbInstance,
    cache: ElasticacheReplicationGroup,
    kafka: MskCluster,
) -> StoreAccess:
    """The entries and the reader role."""
    site = ctx.cluster.site
    connection = _secret(scope, ctx, "connections", connection_entry(site), key)
    SecretsmanagerSecretVersion(
        scope,
        "secret-connections-value",
        secret_id=connection.id,
        secret_string=connection_value(
            {
                "database_host": db.address,
                "database_port": Token.as_string(db.port),
                "database_name": db.db_name,
                "database_user": db.username,
                "cache_host": cache.primary_endpoint_address,
                "cache_port": Token.as_string(cache.port),
                # The IAM-authenticated user fleetform/terraform/aws/cache.py creates.
                "cache_user": ctx.name("app"),
                "cache_password": "",
                "broker_bootstrap": kafka.bootstrap_brokers_sasl_iam,
            }
        ),
    )
    entries = [connection]
    for extra in out_of_band_entries(ctx.cluster):
        entry = _secret(scope, ctx, extra.id, extra.name, key)
        SecretsmanagerSecretVersion(
            scope,
            f"secret-{extra.id}-value",
            secret_id=entry.id,
            secret_string=extra.placeholder,
            lifecycle={"ignore_changes": ["secret_string"]},
        )
        entries.append(entry)
    return StoreAccess(_reader(scope, ctx, key, cluster, [entry.arn for entry in entries]), connection.arn)


def _secret(scope: Construct, ctx: StackContext, id_: str, name: str, key: KmsKey) -> SecretsmanagerSecret:
    return SecretsmanagerSecret(
        scope,
        f"secret-{id_}",
        name=name,
        description=f"{ctx.prefix}: read by External Secrets Operator",
        kms_key_id=key.arn,
        recovery_window_in_days=RECOVERY_DAYS if ctx.production_grade else 0,
    )


def _reader(scope: Construct, ctx: StackContext, key: KmsKey, cluster: Cluster, arns: list[str]) -> str:
    role = IamRole(
        scope,
        "secret-store-role",
        name=ctx.cluster.secret_store_identity.rsplit("/", 1)[-1],
        assume_role_policy=irsa_trust(cluster.oidc_provider_arn, cluster.oidc_issuer_host, READER_SUBJECT),
    )
    IamRolePolicy(
        scope,
        "secret-store-policy",
        role=role.name,
        name="read-platform-secrets",
        policy=policy(
            [
                {
                    "Effect": "Allow",
                    "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                    "Resource": arns,
                },
                {
                    "Effect": "Allow",
                    "Action": ["kms:Decrypt"],
                    "Resource": [key.arn],
                    "Condition": {"StringEquals": {"kms:ViaService": f"secretsmanager.{ctx.region}.amazonaws.com"}},
                },
            ]
        ),
    )
    return role.arn
