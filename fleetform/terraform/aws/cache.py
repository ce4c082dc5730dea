"""ElastiCache Redis: TLS in transit, customer-key encryption at rest, IAM-authenticated users (no password)."""

from __future__ import annotations

from cdktn_provider_aws.elasticache_replication_group import ElasticacheReplicationGroup
from cdktn_provider_aws.elasticache_subnet_group import ElasticacheSubnetGroup
from cdktn_provider_aws.elasticache_user import ElasticacheUser
from cdktn_provider_aws.elasticache_user_group import ElasticacheUserGroup
from cdktn_provider_aws.kms_key import KmsKey
from constructs import Construct

from fleetform.terraform.aws.network import Network
from fleetform.terraform.aws.security import port_group
from fleetform.terraform.context import StackContext


def build_cache(scope: Construct, ctx: StackContext, net: Network, key: KmsKey) -> ElasticacheReplicationGroup:
    port = ctx.cluster.cloud_settings.ports.cache
    # The mandatory 'default' user is switched off; the platform signs in as an IAM user.
    default = ElasticacheUser(
        scope,
        "cache-default-user",
        engine="redis",
        user_id=ctx.name("cache-default"),
        user_name="default",
        access_string="off ~* -@all",
        authentication_mode={"type": "no-password-required"},
    )
    app = ElasticacheUser(
        scope,
        "cache-app-user",
        engine="redis",
        user_id=ctx.name("app"),
        user_name=ctx.name("app"),
        access_string="on ~* +@all -@dangerous",
        authentication_mode={"type": "iam"},
    )
    group = ElasticacheUserGroup(
        scope, "cache-users", engine="redis", user_group_id=ctx.name("cache"), user_ids=[default.user_id, app.user_id]
    )
    subnets = ElasticacheSubnetGroup(scope, "cache-subnets", name=ctx.name("cache"), subnet_ids=net.private_subnet_ids)
    ha = ctx.env.high_availability
    return ElasticacheReplicationGroup(
        scope,
        "cache",
        replication_group_id=ctx.name("cache"),
        description=f"{ctx.prefix} Redis",
        engine="redis",
        engine_version="7.1",
        node_type=ctx.infra.machines.cache,
        port=port,
        num_cache_clusters=3 if ha else 1,
        automatic_failover_enabled=ha,
        multi_az_enabled=ha,
        transit_encryption_enabled=True,
        at_rest_encryption_enabled="true",
        kms_key_id=key.arn,
        user_group_ids=[group.user_group_id],
        subnet_group_name=subnets.name,
        security_group_ids=[port_group(scope, ctx, net, "cache", port)],
        snapshot_retention_limit=ctx.env.backup_retention_days,
    )
