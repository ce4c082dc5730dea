"""Cloud SQL PostgreSQL: private IP only, TLS enforced, IAM authentication (no password), customer key,
regional HA when highly available, pgAudit and connection/DDL logging; with DR on, backups are stored in the
DR region. The platform's database and its IAM user live on the instance."""

from __future__ import annotations

from cdktn import Fn
from cdktn_provider_google.sql_database import SqlDatabase
from cdktn_provider_google.sql_database_instance import (
    SqlDatabaseInstance,
    SqlDatabaseInstanceSettingsDatabaseFlags,
)
from cdktn_provider_google.sql_user import SqlUser
from constructs import Construct

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.network import Network

#: The platform's database on the instance (its connection entry names it).
DATABASE = "mlplatform"

#: Database flags: IAM authentication, and the audit trail (CIS GCP 6.2): who connected from where, every DDL
#: and role change (pgAudit), checkpoints, statement durations and the statement of every error.
DATABASE_FLAGS: dict[str, str] = {
    "cloudsql.iam_authentication": "on",
    "cloudsql.enable_pgaudit": "on",
    "pgaudit.log": "ddl,role",
    "log_checkpoints": "on",
    "log_connections": "on",
    "log_disconnections": "on",
    "log_duration": "on",
    "log_hostname": "on",
    "log_min_error_statement": "error",
    "log_statement": "ddl",
}


def build_database(
    scope: Construct,
    ctx: StackContext,
    net: Network,
    key_id: str,
    workload_email: str,
) -> SqlDatabaseInstance:
    protected = ctx.production_grade
    backups: dict[str, object] = {
        "enabled": True,
        "point_in_time_recovery_enabled": True,
        "start_time": "02:00",
        "backup_retention_settings": {"retained_backups": ctx.env.backup_retention_days, "retention_unit": "COUNT"},
    }
    if ctx.env.disaster_recovery:
        backups["location"] = ctx.dr_region
    instance = SqlDatabaseInstance(
        scope,
        "postgres",
        name=ctx.name("pg"),
        region=ctx.region,
        database_version=f"POSTGRES_{ctx.infra.postgres_version.split('.')[0]}",
        encryption_key_name=key_id,
        deletion_protection=protected,
        depends_on=[net.private_services],
        settings={
            "tier": ctx.infra.machines.database,
            "edition": "ENTERPRISE",
            "availability_type": "REGIONAL" if ctx.env.high_availability else "ZONAL",
            "disk_type": "PD_SSD",
            "disk_size": 100,
            "disk_autoresize": True,
            "deletion_protection_enabled": protected,
            "user_labels": ctx.labels,
            "ip_configuration": {
                "ipv4_enabled": False,
                "private_network": net.network_id,
                "ssl_mode": "ENCRYPTED_ONLY",
                "enable_private_path_for_google_cloud_services": True,
            },
            "backup_configuration": backups,
            "database_flags": [
                SqlDatabaseInstanceSettingsDatabaseFlags(name=name, value=value)
                for name, value in DATABASE_FLAGS.items()
            ],
        },
    )
    SqlDatabase(scope, "postgres-database", name=DATABASE, instance=instance.name)
    SqlUser(
        scope,
        "postgres-workload-user",
        instance=instance.name,
        type="CLOUD_IAM_SERVICE_ACCOUNT",
        name=Fn.trimsuffix(workload_email, ".gserviceaccount.com"),
    )
    return instance
