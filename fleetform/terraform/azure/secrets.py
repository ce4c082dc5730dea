"""The platform's Key Vault secrets and the managed identity External Secrets Operator reads them as.

The secrets live in the primary region's vault, which takes no public traffic: Terraform writes them
through the vault's private endpoint (as it writes the key), and the operator's pods reach them the same
way from the cluster. The connection secret is built from the data services' attributes: PostgreSQL and
Redis with Entra authentication (the platform's managed identity signs in with a token, no password), Event
Hubs' Kafka endpoint (Entra, TLS). Alert receiver secrets hold a placeholder the operator replaces out of
band; Terraform never overwrites it. The reader identity is federated with the operator's store
ServiceAccount and may read exactly these secrets (Key Vault Secrets User on each, not on the vault).
"""

from __future__ import annotations

from cdktn_provider_azurerm.eventhub_namespace import EventhubNamespace
from cdktn_provider_azurerm.federated_identity_credential import FederatedIdentityCredential
from cdktn_provider_azurerm.key_vault_secret import KeyVaultSecret
from cdktn_provider_azurerm.postgresql_flexible_server import PostgresqlFlexibleServer
from cdktn_provider_azurerm.redis_cache import RedisCache
from cdktn_provider_azurerm.role_assignment import RoleAssignment
from cdktn_provider_azurerm.user_assigned_identity import UserAssignedIdentity
from constructs import Construct

from fleetform.clouds.secrets import PLACEHOLDERS, connection_entry, store_identity_name
from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.cluster import Cluster
from fleetform.terraform.azure.database import DATABASE
from fleetform.terraform.secret_entries import READER_SUBJECT, StoreAccess, connection_value, out_of_band_entries


def build_secrets(
    scope: Construct,
    place: Place,
    key: Key,
    cluster: Cluster,
    db: PostgresqlFlexibleServer,
    cache: RedisCache,
    broker: EventhubNamespace,
) -> StoreAccess:
    """The secrets and the reader identity; the identity's client id goes into the settings
    (``secret_store_identities``) once applied."""
    ctx, site = place.ctx, place.ctx.cluster.site
    ports = ctx.cluster.cloud_settings.ports
    value = connection_value(
        {
            "database_host": db.fqdn,
            "database_port": str(ports.database),
            "database_name": DATABASE,
            # The Entra principal name of the platform's managed identity (fleetform/terraform/azure/cluster.py).
            "database_user": ctx.name("workload"),
            "cache_host": cache.hostname,
            "cache_port": str(ports.cache),
            # Azure Cache for Redis takes the identity's object id as the Entra user name.
            "cache_user": cluster.workload_principal_id,
            "cache_password": "",
            "broker_bootstrap": f"{broker.name}.servicebus.windows.net:{ports.broker}",
        }
    )
    entries = [_secret(scope, place, key, "connections", connection_entry(site), value, "application/json")]
    for extra in out_of_band_entries(ctx.cluster):
        kind = "application/json" if extra.json else "text/plain"
        entries.append(_secret(scope, place, key, extra.id, extra.name, extra.placeholder, kind))
    reader = UserAssignedIdentity(scope, "secret-store-identity", name=store_identity_name(site), **place.placed)
    FederatedIdentityCredential(
        scope,
        "secret-store-federation",
        name=store_identity_name(site),
        user_assigned_identity_id=reader.id,
        audience=["api://AzureADTokenExchange"],
        issuer=cluster.oidc_issuer,
        subject=READER_SUBJECT,
    )
    for id_, secret in entries:
        RoleAssignment(
            scope,
            f"secret-{id_}-reader",
            scope=secret.resource_versionless_id,
            principal_id=reader.principal_id,
            role_definition_name="Key Vault Secrets User",
        )
    return StoreAccess(reader.client_id, entries[0][1].versionless_id)


def _secret(
    scope: Construct, place: Place, key: Key, id_: str, name: str, value: str, content_type: str
) -> tuple[str, KeyVaultSecret]:
    """A secret written through the vault's private endpoint; a placeholder is never written back."""
    placeholder = value in PLACEHOLDERS
    secret = KeyVaultSecret(
        scope,
        f"secret-{id_}",
        depends_on=list(key.ready),
        name=name,
        key_vault_id=key.vault_id,
        value=value,
        content_type=content_type,
        tags=place.tags,
        lifecycle={"ignore_changes": ["value"]} if placeholder else None,
    )
    return id_, secret
