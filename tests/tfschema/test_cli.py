"""fleetform tfschema: check output and exit codes; regenerate reproduces the bundled schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.tfschema.schema import SCHEMA_DIR

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = Path(__file__).parents[1] / "terraform" / "snapshots"


def run(argv: list[str]) -> int:
    """``fleetform tfschema ARGV``'s exit code."""
    return main(["tfschema", *argv])


def test_check_clean_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("aws-production", "gcp-production"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "cdk.tf.json").write_bytes((SNAPSHOTS / f"{name}.cdk.tf.json").read_bytes())
    assert run(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "Summary: 2 stack(s) checked, 0 finding(s)\n"


def test_check_findings_exit_1(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(FIXTURES)
    assert run(["check", "bad.cdk.tf.json"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (out[0], out[-1], len(out)) == (
        "bad.cdk.tf.json:6: provider.aws is invalid: regoin: unknown argument",
        "Summary: 1 stack(s) checked, 15 finding(s)",
        16,
    )


def test_check_missing_path_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "no/such/dir"]) == 2
    assert capsys.readouterr().err == (
        "error: no/such/dir: no such file or folder; expected a cdk.tf.json file or a folder\n"
    )


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frobnicate"]) == 2
    assert capsys.readouterr().err == (
        "error: argument command: invalid choice: 'frobnicate' (choose from 'regenerate', 'check'); "
        "expected the arguments shown by fleetform tfschema --help\n"
    )
    assert run(["regenerate", "terraform-provider-x"]) == 2
    assert capsys.readouterr().err.endswith(
        "unknown provider 'terraform-provider-x'; expected one of: aws, azurerm, google\n"
    )


def test_regenerate_reproduces_the_bundled_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Derivation from the installed azurerm wheel (the smallest assembly) matches the bundled file."""
    assert run(["regenerate", "azurerm", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "azurerm.json").read_bytes() == (SCHEMA_DIR / "azurerm.json").read_bytes()
    size = (SCHEMA_DIR / "azurerm.json").stat().st_size
    assert capsys.readouterr().out == (
        f"{tmp_path}/azurerm.json: cdktn-provider-azurerm==18.9.0 (azurerm 5.10.0): 1106 resources, "
        f"396 data sources, {size} bytes\n"
    )
