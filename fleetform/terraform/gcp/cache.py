"""Memorystore for Redis: private services access, TLS (server authentication), AUTH on, customer key,
STANDARD_HA with a replica in another zone when highly available."""

from __future__ import annotations

from cdktn_provider_google.redis_instance import RedisInstance
from constructs import Construct

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.network import Network


def build_cache(scope: Construct, ctx: StackContext, net: Network, key_id: str) -> RedisInstance:
    ha = ctx.env.high_availability
    return RedisInstance(
        scope,
        "redis",
        name=ctx.name("redis"),
        region=ctx.region,
        memory_size_gb=5,
        tier=ctx.infra.machines.cache if ha else "BASIC",
        redis_version="REDIS_7_2",
        location_id=ctx.zones[0],
        alternative_location_id=ctx.zones[1] if ha else None,
        replica_count=2 if ha else None,
        read_replicas_mode="READ_REPLICAS_ENABLED" if ha else None,
        authorized_network=net.network_id,
        connect_mode="PRIVATE_SERVICE_ACCESS",
        transit_encryption_mode="SERVER_AUTHENTICATION",
        auth_enabled=True,
        customer_managed_key=key_id,
        deletion_protection=ctx.production_grade,
        labels=ctx.labels,
        depends_on=[net.private_services],
    )
