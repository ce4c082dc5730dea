"""Azure Cache for Redis (Premium): TLS 1.2 only, Entra authentication (access keys off), private endpoint,
zone-redundant when highly available."""

from __future__ import annotations

from cdktn_provider_azurerm.redis_cache import RedisCache
from constructs import Construct

from fleetform.terraform.azure.base import Place
from fleetform.terraform.azure.network import Network
from fleetform.terraform.azure.private import private_endpoint


def build_cache(scope: Construct, place: Place, net: Network) -> RedisCache:
    ctx = place.ctx
    ha = ctx.env.high_availability
    cache = RedisCache(
        scope,
        "redis",
        name=ctx.name("redis"),
        **place.placed,
        sku_name=ctx.infra.machines.cache,
        family="P" if ctx.infra.machines.cache == "Premium" else "C",
        capacity=1,
        redis_version="6",
        non_ssl_port_enabled=False,
        minimum_tls_version="1.2",
        public_network_access_enabled=False,
        access_keys_authentication_enabled=False,
        redis_configuration={"active_directory_authentication_enabled": True},
        zones=list(ctx.zones) if ha else None,
        replicas_per_primary=2 if ha else 1,
    )
    private_endpoint(scope, place, net, "redis", cache.id, "redisCache", "privatelink.redis.cache.windows.net")
    return cache
