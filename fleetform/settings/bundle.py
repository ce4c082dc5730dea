"""All settings of the platform, and the clusters (cloud x environment) they describe."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fleetform.settings.model import CloudSettings, EnvironmentSettings, PlatformSettings

if TYPE_CHECKING:  # fleetform.clouds imports fleetform.settings.typed: no import cycle at run time
    from fleetform.clouds import Cloud


@dataclass(frozen=True)
class Cluster:
    """One target cluster: ``<cloud>-<environment>``."""

    platform: PlatformSettings
    cloud: Cloud
    cloud_settings: CloudSettings
    environment: str
    env: EnvironmentSettings

    @property
    def id(self) -> str:
        return f"{self.cloud.name}-{self.environment}"

    @property
    def namespace(self) -> str:
        """The namespace of the platform's workloads, e.g. ``ml-production``."""
        return f"ml-{self.environment}"

    @property
    def identity(self) -> str:
        return self.cloud_settings.identities[self.environment]


@dataclass(frozen=True)
class Settings:
    """Everything loaded from the settings folder, validated."""

    platform: PlatformSettings
    environments: dict[str, EnvironmentSettings]
    clouds: dict[str, tuple[Cloud, CloudSettings]]

    def clusters(self) -> list[Cluster]:
        """Every cluster, clouds and environments in the order platform.yaml lists them."""
        return [
            Cluster(self.platform, cloud, cloud_settings, env_name, self.environments[env_name])
            for cloud, cloud_settings in self.clouds.values()
            for env_name in self.platform.environments
        ]
