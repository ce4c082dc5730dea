"""RDS PostgreSQL: private, encrypted with the customer key, TLS-only, password managed by Secrets Manager."""

from __future__ import annotations

from cdktn_provider_aws.db_instance import DbInstance
from cdktn_provider_aws.db_parameter_group import DbParameterGroup, DbParameterGroupParameter
from cdktn_provider_aws.db_subnet_group import DbSubnetGroup
from cdktn_provider_aws.kms_key import KmsKey
from constructs import Construct

from fleetform.terraform.aws.network import Network
from fleetform.terraform.aws.security import port_group
from fleetform.terraform.context import StackContext


def build_database(scope: Construct, ctx: StackContext, net: Network, key: KmsKey) -> DbInstance:
    port = ctx.cluster.cloud_settings.ports.database
    subnets = DbSubnetGroup(scope, "db-subnets", name=ctx.name("db"), subnet_ids=net.private_subnet_ids)
    major = ctx.infra.postgres_version.split(".")[0]
    params = DbParameterGroup(
        scope,
        "db-params",
        name=ctx.name(f"postgres{major}"),
        family=f"postgres{major}",
        parameter=[DbParameterGroupParameter(name="rds.force_ssl", value="1")],
    )
    protected = ctx.production_grade
    return DbInstance(
        scope,
        "db",
        identifier=ctx.name("db"),
        engine="postgres",
        engine_version=ctx.infra.postgres_version,
        instance_class=ctx.infra.machines.database,
        allocated_storage=100,
        max_allocated_storage=1000,
        storage_type="gp3",
        storage_encrypted=True,
        kms_key_id=key.arn,
        port=port,
        db_name="mlplatform",
        username="mlplatform",
        manage_master_user_password=True,
        master_user_secret_kms_key_id=key.arn,
        iam_database_authentication_enabled=True,
        db_subnet_group_name=subnets.name,
        parameter_group_name=params.name,
        publicly_accessible=False,
        vpc_security_group_ids=[port_group(scope, ctx, net, "db", port)],
        multi_az=ctx.env.high_availability,
        deletion_protection=protected,
        backup_retention_period=ctx.env.backup_retention_days,
        copy_tags_to_snapshot=True,
        skip_final_snapshot=not protected,
        final_snapshot_identifier=ctx.name("db-final") if protected else None,
        performance_insights_enabled=True,
        performance_insights_kms_key_id=key.arn,
        enabled_cloudwatch_logs_exports=["postgresql"],
        auto_minor_version_upgrade=True,
    )
