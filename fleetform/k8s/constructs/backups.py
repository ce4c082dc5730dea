"""Velero: where backups go and the schedule that backs the platform namespace up."""

from __future__ import annotations

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.cron import check_schedule
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

VELERO = "velero.io/v1"


class PlatformBackups(Construct):
    """BackupStorageLocation ``default`` (``provider`` plugin, ``bucket``, optional ``prefix``, ``config``) and Schedule
    ``name`` backing up ``namespaces`` on ``schedule``, kept ``retention_days``. Volumes are not
    snapshotted: the only volumes are model caches, rebuilt from object storage."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        provider: str,
        bucket: str,
        config: dict[str, str],
        prefix: str = "",
        schedule: str,
        retention_days: int,
        namespaces: list[str],
    ) -> None:
        super().__init__(scope, id)
        where = f"PlatformBackups '{name}'"
        check_schedule(where, "schedule", schedule)
        if retention_days < 7:
            raise PropError(where, "retention_days", retention_days, "must be >= 7 (a week of restore points)")
        storage = {"bucket": bucket, "prefix": prefix} if prefix else {"bucket": bucket}
        location: dict[str, object] = {"provider": provider, "objectStorage": storage}
        if config:
            location["config"] = dict(sorted(config.items()))
        custom_resource(
            self,
            "Location",
            api_version=VELERO,
            kind="BackupStorageLocation",
            name="default",
            namespace=namespace,
            labels=labels,
            spec=location,
        )
        custom_resource(
            self,
            "Schedule",
            api_version=VELERO,
            kind="Schedule",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "schedule": schedule,
                "useOwnerReferencesInBackup": False,
                "template": {
                    "includedNamespaces": sorted(namespaces),
                    "snapshotVolumes": False,
                    "storageLocation": "default",
                    "ttl": f"{retention_days * 24}h0m0s",
                },
            },
        )
