"""Key Vault (RBAC, purge protection, no public network access: reached through its private endpoint, or by
trusted Azure services) with a rotated RSA key, and the identity services use it by."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cdktn import ITerraformDependable
from cdktn_provider_azurerm.key_vault import KeyVault
from cdktn_provider_azurerm.key_vault_key import KeyVaultKey
from cdktn_provider_azurerm.role_assignment import RoleAssignment
from cdktn_provider_azurerm.user_assigned_identity import UserAssignedIdentity
from constructs import Construct

from fleetform.clouds.azure import vault_name
from fleetform.terraform.azure.base import Key, Place

#: Given a vault's id, make it reachable privately; returns what to wait for (endpoint, DNS link).
Reach = Callable[[str, str], Sequence[ITerraformDependable]]


def build_key(scope: Construct, place: Place, reach: Reach, suffix: str = "") -> Key:
    """Vault ``<compact>kv<suffix>``, key ``data``; ``suffix`` distinguishes the DR region's copy.

    The vault takes no public traffic, so Terraform writes the key through the vault's private endpoint:
    ``reach(vault_id, endpoint_id)`` creates it, and the key waits for it."""
    ctx = place.ctx
    id_ = f"kv{suffix}"
    vault = KeyVault(
        scope,
        id_,
        name=vault_name(ctx.cluster.site, suffix),
        **place.placed,
        tenant_id=place.tenant_id,
        sku_name="premium",
        rbac_authorization_enabled=True,
        purge_protection_enabled=True,
        soft_delete_retention_days=90,
        public_network_access_enabled=False,
        network_acls={"bypass": "AzureServices", "default_action": "Deny"},
    )
    ready = tuple(reach(vault.id, "vault" + (f"-{suffix}" if suffix else "")))
    key = KeyVaultKey(
        scope,
        f"{id_}-key",
        depends_on=list(ready),
        name="data",
        key_vault_id=vault.id,
        key_type="RSA-HSM",
        key_size=4096,
        key_opts=["wrapKey", "unwrapKey", "encrypt", "decrypt"],
        tags=place.tags,
        rotation_policy={
            "automatic": {"time_before_expiry": "P30D"},
            "expire_after": "P365D",
            "notify_before_expiry": "P29D",
        },
    )
    identity = UserAssignedIdentity(
        scope,
        f"{id_}-identity",
        name=ctx.name(f"cmk{suffix}"),
        **place.placed,
    )
    RoleAssignment(
        scope,
        f"{id_}-crypto-user",
        scope=vault.id,
        principal_id=identity.principal_id,
        role_definition_name="Key Vault Crypto Service Encryption User",
    )
    return Key(
        vault_id=vault.id,
        vault_uri=vault.vault_uri,
        key_id=key.id,
        versionless_key_id=key.versionless_id,
        identity_id=identity.id,
        identity_principal_id=identity.principal_id,
        ready=ready,
    )
