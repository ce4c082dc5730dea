"""Load and validate the settings folder.

Layout::

    settings/platform.yaml              version, images, which clouds and environments
    settings/environments/<env>.yaml    one per environment listed in platform.yaml
    settings/clouds/<cloud>.yaml        one per cloud listed in platform.yaml

Every problem is one :class:`~fleetform.errors.UserError` naming file, line, key path and the fix. The
settings are complete when loaded: besides the schema, every rule of a cloud (:class:`fleetform.clouds.Cloud`)
is checked here, so the Kubernetes charts and the Terraform stacks never meet a setting they cannot use.
"""

from __future__ import annotations

from pathlib import Path

from fleetform.clouds import CLOUDS, Cloud
from fleetform.errors import located, shown
from fleetform.rules import KeyPath, Rule
from fleetform.settings import agreement
from fleetform.settings.bundle import Settings
from fleetform.settings.model import CloudSettings, EnvironmentSettings, PlatformSettings
from fleetform.settings.pins import platform_pins, release_pins
from fleetform.settings.typed import check_rule, load_as
from fleetform.settings.yamlfile import SettingsFile, read_settings_file
from fleetform.versions import Pin
from fleetform.versions.vendored import VENDOR_COMMAND, missing_data, vendored_versions


def load_settings(root: Path) -> Settings:
    """Read ``root`` (a settings folder) into validated :class:`Settings`."""
    platform_file = _read(root, "platform.yaml")
    platform = load_as(PlatformSettings, platform_file)
    _check_clouds(platform, platform_file)
    _check_vendored(platform_pins(platform), platform_file)
    agreement.check_derived_names(platform, platform_file)
    _check_no_strays(root, "environments", platform.environments, platform_file)
    _check_no_strays(root, "clouds", platform.clouds, platform_file)
    bounds = agreement.read_hpa_bounds()
    environments: dict[str, EnvironmentSettings] = {}
    for name in platform.environments:
        env_file = _read(root, f"environments/{name}.yaml")
        environments[name] = load_as(EnvironmentSettings, env_file)
        _check_vendored(release_pins(environments[name].release), env_file)
        agreement.check_environment(name, environments[name], env_file, bounds)
    clouds: dict[str, tuple[Cloud, CloudSettings]] = {}
    for name in platform.clouds:
        cloud_file = _read(root, f"clouds/{name}.yaml")
        cloud_settings = load_as(CloudSettings, cloud_file)
        _check_per_environment(CLOUDS[name], cloud_settings, cloud_file, platform.environments)
        _check_infra(CLOUDS[name], cloud_settings, cloud_file)
        agreement.check_cloud_names(platform, CLOUDS[name], cloud_settings, cloud_file)
        _check_ingress(CLOUDS[name], cloud_settings, cloud_file)
        clouds[name] = (CLOUDS[name], cloud_settings)
    return Settings(platform, environments, clouds)


def _read(root: Path, relative: str) -> SettingsFile:
    return read_settings_file(root / relative, (root / relative).as_posix())


def _check_clouds(platform: PlatformSettings, file: SettingsFile) -> None:
    known = ", ".join(CLOUDS)
    for i, name in enumerate(platform.clouds):
        if name not in CLOUDS:
            line = file.line(("clouds", i))
            raise located(file.name, line, f"clouds[{i}]", f"unknown cloud {shown(name)}", f"one of: {known}")
    for key in ("clouds", "environments"):
        values: tuple[str, ...] = getattr(platform, key)
        if not values:
            raise located(file.name, file.line((key,)), key, "empty list", f"at least one entry in {key}")
        for i, name in enumerate(values):
            if name in values[:i]:
                raise located(
                    file.name, file.line((key, i)), f"{key}[{i}]", f"'{name}' listed twice", "each entry once"
                )


def _check_vendored(pins: list[tuple[Pin, KeyPath]], file: SettingsFile) -> None:
    """Each pin needs its vendored data: support record, values schemas, CRD schemas."""
    for pin, path in pins:
        missing = missing_data(pin)
        if missing:
            known = ", ".join(vendored_versions(pin.component)) or "none"
            raise located(
                file.name,
                file.line(path),
                ".".join(str(part) for part in path),
                f"no vendored data for {pin} (missing {', '.join(missing)})",
                f"a vendored version ({known}), or its data vendored: {VENDOR_COMMAND}",
            )


def _check_no_strays(root: Path, folder: str, listed: tuple[str, ...], platform_file: SettingsFile) -> None:
    """A settings file nobody reads is a mistake (a typo, or a cloud fleetform does not support)."""
    for path in sorted((root / folder).glob("*.yaml")):
        if path.stem not in listed:
            what = "cloud" if folder == "clouds" else "environment"
            hint = (
                f"one of: {', '.join(CLOUDS)}"
                if folder == "clouds" and path.stem not in CLOUDS
                else (f"'{path.stem}' listed in {platform_file.name} {folder}, or this file removed")
            )
            raise located(path.as_posix(), None, "", f"unknown {what} '{path.stem}'", hint)


def _check_per_environment(
    cloud: Cloud, settings: CloudSettings, file: SettingsFile, environments: tuple[str, ...]
) -> None:
    for key, rule in _per_environment_tables(cloud, settings, file):
        table: dict[str, str] = getattr(settings, key)
        for env_name in environments:
            if env_name not in table:
                raise located(
                    file.name,
                    file.line((key,)),
                    key,
                    f"no entry for environment '{env_name}'",
                    f"one entry per environment: {', '.join(environments)}",
                )
        for env_name, value in table.items():
            if env_name not in environments:
                raise located(
                    file.name,
                    file.line((key, env_name)),
                    f"{key}.{env_name}",
                    f"unknown environment '{env_name}'",
                    f"one of: {', '.join(environments)}",
                )
            check_rule(rule, value, file, (key, env_name))


def _per_environment_tables(cloud: Cloud, settings: CloudSettings, file: SettingsFile) -> list[tuple[str, Rule]]:
    """The per-environment tables of the file and the rule of their values: accounts and identities, and the
    secret store's identities where the cloud knows them only after apply (refused elsewhere)."""
    tables = [("accounts", cloud.account_rule), ("identities", cloud.identity_rule)]
    if cloud.store_identity_in_settings:
        tables.append(("secret_store_identities", cloud.identity_rule))
    elif settings.secret_store_identities:
        raise located(
            file.name,
            file.line(("secret_store_identities",)),
            "secret_store_identities",
            f"{cloud.name} names its secret store identity itself (fleetform/clouds/{cloud.name}.py)",
            "no 'secret_store_identities' in this file",
        )
    return tables


def _check_infra(cloud: Cloud, settings: CloudSettings, file: SettingsFile) -> None:
    """The infra settings the cloud's stack needs beyond the schema: keys it requires, machine settings
    with a cloud-specific meaning."""
    for path in cloud.required_infra:
        value: object = settings.infra
        for part in path:
            value = getattr(value, part)
        if not value:
            place = ".".join(("infra", *path))
            raise located(
                file.name, file.line(("infra",)), place, f"'{place}' is empty", f"'{place}' to be set for {cloud.name}"
            )
    for name, rule in cloud.machine_rules.items():
        check_rule(rule, getattr(settings.infra.machines, name), file, ("infra", "machines", name))


def _check_ingress(cloud: Cloud, settings: CloudSettings, file: SettingsFile) -> None:
    """The address the cloud's load balancer reaches the ingress gateway at, where the cloud takes one."""
    network = settings.network
    problem = cloud.ingress_address_problem(network.vpc_cidr, network.ingress_ip)
    if problem is not None:
        path = ("network", *problem.path)
        place = ".".join(str(part) for part in path)
        raise located(file.name, file.line(path), place, problem.problem, problem.expected)
