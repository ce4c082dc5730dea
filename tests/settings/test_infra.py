"""Infrastructure settings and the rules of each cloud are checked when the settings load: one exact,
located line, before any stack or chart is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, text: str) -> int:
    """1-based line of the first line containing ``text`` (the settings files are edited by others too)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _error(settings: Path) -> str:
    with pytest.raises(UserError) as caught:
        load_settings(settings)
    return caught.value.message


def test_spot_share_above_30_percent(settings_copy: Path) -> None:
    _replace(settings_copy / "environments/staging.yaml", "spot_pool: {min: 0, max: 3}", "spot_pool: {min: 0, max: 4}")
    line = _line(settings_copy / "environments/staging.yaml", "spot_pool:")
    assert _error(settings_copy) == (
        f"settings/environments/staging.yaml:{line}: infra.spot_pool.max: spot is 36.4 % of app_pool.max + "
        "spot_pool.max; expected spot at most 30 % of application nodes"
    )


def test_backups_shorter_than_seven_days(settings_copy: Path) -> None:
    _replace(settings_copy / "environments/dev.yaml", "backup_retention_days: 7", "backup_retention_days: 3")
    line = _line(settings_copy / "environments/dev.yaml", "backup_retention_days:")
    assert _error(settings_copy) == (
        f"settings/environments/dev.yaml:{line}: infra.backup_retention_days: 3 is too small; expected a value >= 7"
    )


def test_unknown_infra_key(settings_copy: Path) -> None:
    _replace(settings_copy / "environments/dev.yaml", "  private_api: false", "  private_apl: false")
    line = _line(settings_copy / "environments/dev.yaml", "private_apl:")
    assert _error(settings_copy) == (
        f"settings/environments/dev.yaml:{line}: infra.private_apl: unknown key; expected one of: system_pool, "
        "app_pool, spot_pool, gpu_pool, high_availability, deletion_protection, private_api, api_allowed_cidrs, "
        "disaster_recovery, serverless, backup_retention_days, log_retention_days, monthly_budget, cost_center, owner"
    )


def test_api_allowed_cidr_must_be_a_cidr(settings_copy: Path) -> None:
    _replace(settings_copy / "environments/dev.yaml", "[203.0.113.0/24]", "[vpn.acme.example]")
    line = _line(settings_copy / "environments/dev.yaml", "api_allowed_cidrs:")
    assert _error(settings_copy) == (
        f"settings/environments/dev.yaml:{line}: infra.api_allowed_cidrs[0]: 'vpn.acme.example' is not valid; "
        "expected an IPv4 CIDR such as 203.0.113.0/24"
    )


def test_missing_cloud_infra(settings_copy: Path) -> None:
    path = settings_copy / "clouds/azure.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("infra:")], encoding="utf-8")
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:2: infra: missing key 'infra'; expected an 'infra:' mapping with 'state' and "
        "'machines' (fleetform/settings/infra.py)"
    )


def test_missing_key_names_its_own_path(settings_copy: Path) -> None:
    path = settings_copy / "platform.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  kubectl:")], encoding="utf-8")
    line = _line(path, "images:")
    assert _error(settings_copy) == (
        f"settings/platform.yaml:{line}: images.kubectl: missing key 'kubectl'; expected 'kubectl' to be set"
    )


def test_state_resource_group_required_on_azure(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/azure.yaml", " resource_group: acme-ml-platform-tfstate,", "")
    line = _line(settings_copy / "clouds/azure.yaml", "infra:")
    assert _error(settings_copy) == (
        f"settings/clouds/azure.yaml:{line}: infra.state.resource_group: 'infra.state.resource_group' is empty; "
        "expected 'infra.state.resource_group' to be set for azure"
    )


def test_billing_account_required_on_gcp(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/gcp.yaml", "  billing_account: 01A2B3-C4D5E6-F7A8B9\n", "")
    line = _line(settings_copy / "clouds/gcp.yaml", "infra:")
    assert _error(settings_copy) == (
        f"settings/clouds/gcp.yaml:{line}: infra.billing_account: 'infra.billing_account' is empty; "
        "expected 'infra.billing_account' to be set for gcp"
    )


def test_vpc_too_small(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/gcp.yaml", "vpc_cidr: 10.30.0.0/16", "vpc_cidr: 10.30.0.0/24")
    line = _line(settings_copy / "clouds/gcp.yaml", "vpc_cidr:")
    assert _error(settings_copy) == (
        f"settings/clouds/gcp.yaml:{line}: network.vpc_cidr: '10.30.0.0/24' is too small for 3 private /19 and "
        "3 public /24 subnets; expected an IPv4 CIDR of /16 or larger such as 10.10.0.0/16"
    )


def test_vpc_not_a_network(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/aws.yaml", "vpc_cidr: 10.10.0.0/16", "vpc_cidr: 10.10.0.1/16")
    line = _line(settings_copy / "clouds/aws.yaml", "vpc_cidr:")
    assert _error(settings_copy) == (
        f"settings/clouds/aws.yaml:{line}: network.vpc_cidr: '10.10.0.1/16' is not a network address; "
        "expected an IPv4 CIDR of /16 or larger such as 10.10.0.0/16"
    )


def test_bad_machine_type(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/aws.yaml", "app: m6i.4xlarge", "app: m6i 4xlarge")
    line = _line(settings_copy / "clouds/aws.yaml", "app: m6i 4xlarge")
    assert _error(settings_copy) == (
        f"settings/clouds/aws.yaml:{line}: infra.machines.app: 'm6i 4xlarge' is not valid; "
        "expected a machine type such as m6i.2xlarge"
    )


def test_gcp_kafka_is_sized_in_vcpus(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/gcp.yaml", 'broker: "3"', "broker: kafka.m5.large")
    line = _line(settings_copy / "clouds/gcp.yaml", "broker: kafka.m5.large")
    assert _error(settings_copy) == (
        f"settings/clouds/gcp.yaml:{line}: infra.machines.broker: 'kafka.m5.large' is not valid; "
        "expected a vCPU count such as 3 (Managed Service for Apache Kafka)"
    )


def test_azure_cache_is_a_redis_sku(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/azure.yaml", "cache: Premium", "cache: Standard_D4s_v5")
    line = _line(settings_copy / "clouds/azure.yaml", "cache: Standard_D4s_v5")
    assert _error(settings_copy) == (
        f"settings/clouds/azure.yaml:{line}: infra.machines.cache: 'Standard_D4s_v5' is not valid; "
        "expected an Azure Cache for Redis SKU: Basic, Standard or Premium"
    )


def test_storage_class_and_load_balancer_are_the_clouds_not_settings(settings_copy: Path) -> None:
    path = settings_copy / "clouds/aws.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "storage: {provisioner: ebs.csi.aws.com}\n", encoding="utf-8")
    line = _line(path, "storage:")
    assert _error(settings_copy) == (
        f"settings/clouds/aws.yaml:{line}: storage: unknown key; expected one of: region, dr_region, zones, "
        "accounts, identities, network, gpu, ports, secret_store_identities, infra"
    )
