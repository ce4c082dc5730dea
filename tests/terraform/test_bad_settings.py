"""Bad infrastructure settings fail with the settings loader's one-line message, before any Node work."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.terraform.synth import load_context


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, text: str) -> int:
    """1-based line of the first line containing ``text`` (the settings files are edited by others too)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def _error(settings: Path, cluster_id: str = "aws-production") -> str:
    with pytest.raises(UserError) as caught:
        load_context(settings, cluster_id)
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
    assert _error(settings_copy, "azure-dev") == (
        "settings/clouds/azure.yaml:2: infra: missing key 'infra'; expected an 'infra:' mapping with 'state' and "
        "'machines' (fleetform/settings/infra.py)"
    )


def test_lock_table_required_on_aws(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/aws.yaml", ", lock_table: acme-ml-platform-tflock", "")
    line = _line(settings_copy / "clouds/aws.yaml", "infra:")
    assert _error(settings_copy) == (
        f"settings/clouds/aws.yaml:{line}: infra.state.lock_table: 'infra.state.lock_table' is empty; "
        "expected 'infra.state.lock_table' to be set for aws"
    )


def test_vpc_too_small(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/gcp.yaml", "vpc_cidr: 10.30.0.0/16", "vpc_cidr: 10.30.0.0/24")
    line = _line(settings_copy / "clouds/gcp.yaml", "vpc_cidr:")
    assert _error(settings_copy, "gcp-dev") == (
        f"settings/clouds/gcp.yaml:{line}: network.vpc_cidr: '10.30.0.0/24' is too small for 3 private /19 and "
        "3 public /24 subnets; expected an IPv4 CIDR of /16 or larger such as 10.10.0.0/16"
    )


def test_bad_machine_type(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/aws.yaml", "app: m6i.4xlarge", "app: m6i 4xlarge")
    line = _line(settings_copy / "clouds/aws.yaml", "app: m6i 4xlarge")
    assert _error(settings_copy) == (
        f"settings/clouds/aws.yaml:{line}: infra.machines.app: 'm6i 4xlarge' is not valid; "
        "expected a machine type such as m6i.2xlarge"
    )


def test_unknown_cluster(settings_copy: Path) -> None:
    assert _error(settings_copy, "aws-qa") == (
        "unknown cluster 'aws-qa'; expected one of: aws-dev, aws-staging, aws-production, azure-dev, "
        "azure-staging, azure-production, gcp-dev, gcp-staging, gcp-production"
    )


def test_synth_fails_before_node_starts(settings_copy: Path, tmp_path: Path) -> None:
    """A bad value stops synth_stack before cdktn (and so Node) is imported; nothing is written."""
    _replace(settings_copy / "environments/dev.yaml", "backup_retention_days: 7", "backup_retention_days: 3")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from fleetform.errors import UserError
        from fleetform.terraform.synth import synth_stack
        try:
            synth_stack(Path("settings"), "aws-dev", Path("out"))
        except UserError as error:
            print(error.message)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("cdktn", "jsii", "cdktn_provider_aws")))
    """)
    line = _line(settings_copy / "environments/dev.yaml", "backup_retention_days:")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == (
        f"settings/environments/dev.yaml:{line}: infra.backup_retention_days: 3 is too small; expected a value >= 7\n"
        "[]\n"
    )
    assert not (tmp_path / "out").exists()


def test_gcp_kafka_is_sized_in_vcpus(settings_copy: Path) -> None:
    _replace(settings_copy / "clouds/gcp.yaml", 'broker: "3"', "broker: kafka.m5.large")
    line = _line(settings_copy / "clouds/gcp.yaml", "broker: kafka.m5.large")
    assert _error(settings_copy, "gcp-dev") == (
        f"settings/clouds/gcp.yaml:{line}: infra.machines.broker: 'kafka.m5.large' is not valid; "
        "expected a vCPU count such as 3 (Managed Service for Apache Kafka)"
    )
