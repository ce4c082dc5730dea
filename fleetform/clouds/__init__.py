"""The supported clouds, listed explicitly: what each one is lives in ``fleetform/clouds/<cloud>.py``."""

from __future__ import annotations

from fleetform.clouds.aws import Aws
from fleetform.clouds.azure import Azure
from fleetform.clouds.base import BACKUP_PREFIX, BACKUP_SERVICE_ACCOUNT, BackupTarget, Cloud, Site, StorageClass
from fleetform.clouds.gcp import Gcp
from fleetform.clouds.ingress import Backend, ControllerRelease, Exposure

CLOUDS: dict[str, Cloud] = {cloud.name: cloud for cloud in (Aws(), Azure(), Gcp())}

__all__ = [
    "BACKUP_PREFIX",
    "BACKUP_SERVICE_ACCOUNT",
    "CLOUDS",
    "Backend",
    "BackupTarget",
    "Cloud",
    "ControllerRelease",
    "Exposure",
    "Site",
    "StorageClass",
]
