"""PostgreSQL flexible server: VNet-integrated (no public access), Entra-only authentication (no password),
customer-managed key, zone-redundant HA when highly available, geo-redundant backups when DR is on; the
platform's database on it."""

from __future__ import annotations

from typing import Any

from cdktn_provider_azurerm.postgresql_flexible_server import PostgresqlFlexibleServer
from cdktn_provider_azurerm.postgresql_flexible_server_database import PostgresqlFlexibleServerDatabase
from constructs import Construct

from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.network import Network
from fleetform.terraform.azure.private import dns_zone

#: The platform's database on the server (its connection entry names it).
DATABASE = "mlplatform"


def build_database(
    scope: Construct,
    place: Place,
    net: Network,
    key: Key,
    dr_key: Key | None,
) -> PostgresqlFlexibleServer:
    ctx = place.ctx
    zone_id, _ = dns_zone(scope, place, net, "postgres", f"{ctx.prefix}.private.postgres.database.azure.com")
    identities = [key.identity_id] + ([dr_key.identity_id] if dr_key else [])
    cmk: dict[str, Any] = {
        "key_vault_key_id": key.versionless_key_id,
        "primary_user_assigned_identity_id": key.identity_id,
    }
    if dr_key:
        cmk |= {
            "geo_backup_key_vault_key_id": dr_key.versionless_key_id,
            "geo_backup_user_assigned_identity_id": dr_key.identity_id,
        }
    server = PostgresqlFlexibleServer(
        scope,
        "postgres",
        name=ctx.name("pg"),
        **place.placed,
        version=ctx.infra.postgres_version.split(".")[0],
        sku_name=ctx.infra.machines.database,
        storage_mb=131072,
        auto_grow_enabled=True,
        zone="1",
        delegated_subnet_id=net.database_subnet_id,
        private_dns_zone_id=zone_id,
        public_network_access_enabled=False,
        authentication={
            "active_directory_auth_enabled": True,
            "password_auth_enabled": False,
            "tenant_id": place.tenant_id,
        },
        identity={"type": "UserAssigned", "identity_ids": identities},
        customer_managed_key=cmk,
        high_availability={"mode": "ZoneRedundant", "standby_availability_zone": "2"}
        if ctx.env.high_availability
        else None,
        backup_retention_days=ctx.env.backup_retention_days,
        geo_redundant_backup_enabled=dr_key is not None,
    )
    PostgresqlFlexibleServerDatabase(
        scope, "postgres-database", name=DATABASE, server_id=server.id, charset="UTF8", collation="en_US.utf8"
    )
    return server
