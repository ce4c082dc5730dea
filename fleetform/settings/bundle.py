"""All settings of the platform, and the clusters (cloud x environment) they describe."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from fleetform.clouds import Cloud, Site
from fleetform.settings.model import CloudSettings, EnvironmentSettings, PlatformSettings
from fleetform.settings.namespaces import platform_namespace


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
        return platform_namespace(self.environment)

    @property
    def identity(self) -> str:
        return self.cloud_settings.identities[self.environment]

    @property
    def secret_store_identity(self) -> str:
        """The cloud identity that reads the platform's secret store entries (named by the cloud, or from
        ``secret_store_identities`` where it is known only after apply)."""
        return self.cloud.secret_store_identity(self.site, self.cloud_settings.secret_store_identities)

    @property
    def site(self) -> Site:
        """Where the cluster lives on its cloud and how its cloud resources are named."""
        cloud = self.cloud_settings
        return Site(
            platform=self.platform.name,
            environment=self.environment,
            account=cloud.accounts[self.environment],
            region=cloud.region,
            dr_region=cloud.dr_region,
            disaster_recovery=self.env.infra.disaster_recovery,
        )


@dataclass(frozen=True)
class Settings:
    """Everything loaded from the settings folder, validated."""

    platform: PlatformSettings
    environments: dict[str, EnvironmentSettings]
    clouds: dict[str, tuple[Cloud, CloudSettings]]

    def clusters(self) -> list[Cluster]:
        """Every cluster, clouds and environments in the order platform.yaml lists them."""
        return [
            Cluster(self.platform_of(env_name), cloud, cloud_settings, env_name, self.environments[env_name])
            for cloud, cloud_settings in self.clouds.values()
            for env_name in self.platform.environments
        ]

    def platform_of(self, environment: str) -> PlatformSettings:
        """The platform as ``environment`` runs it: ``platform.yaml`` with the environment's ``release:``
        pins (version, images, charts) in place."""
        platform = self.platform
        version, images, charts = self.environments[environment].release.pinned(
            platform.version, platform.images, platform.charts
        )
        return dataclasses.replace(platform, version=version, images=images, charts=charts)
