"""``fleetform synth`` end to end: writes, checks, refuses bad input without touching dist/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.render import tree as tree_module
from fleetform.render.tree import read_tree


@pytest.fixture()
def synthesized(settings_copy: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["synth"]) == 0
    assert capsys.readouterr().out == "dist: wrote 628 files for 9 clusters\n"
    return Path("dist")


def test_check_passes_on_a_fresh_tree(synthesized: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--check"]) == 0
    assert capsys.readouterr().out == "dist: up to date (628 files)\n"


def test_check_lists_every_difference_and_writes_nothing(synthesized: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (synthesized / "k8s/aws-dev/apps/ml-dev/deployment-api.yaml").write_text("edited\n")
    (synthesized / "k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml").unlink()
    (synthesized / "k8s/aws-dev/leftover.yaml").write_text("kind: Leftover\n")
    before = read_tree(synthesized)
    assert main(["synth", "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "dist/k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml: missing\n"
        "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml: differs\n"
        "dist/k8s/aws-dev/leftover.yaml: stale\n")
    assert captured.err == "dist: out of date; run 'fleetform synth' and commit the result\n"
    assert read_tree(synthesized) == before


def test_synth_removes_files_of_removed_resources(synthesized: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (synthesized / "k8s/aws-dev/leftover.yaml").write_text("kind: Leftover\n")
    settings = Path("settings/environments/production.yaml")
    settings.write_text(settings.read_text() + "retraining:\n  enabled: false\n")
    assert main(["synth"]) == 0
    assert not (synthesized / "k8s/aws-dev/leftover.yaml").exists()
    assert not (synthesized / "k8s/aws-production/apps/ml-production/cronjob-retraining.yaml").exists()


def test_bad_settings_exit_2_with_one_line_and_leave_dist_untouched(
        synthesized: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = read_tree(synthesized)
    Path("settings/environments/dev.yaml").write_text("workers: many\n")
    assert main(["synth"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "error: settings/environments/dev.yaml:1: workers: got 'many' (a string); expected an integer\n")
    assert captured.out == ""
    assert read_tree(synthesized) == before


def test_failure_while_writing_leaves_previous_dist(synthesized: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = read_tree(synthesized)
    Path("settings/environments/dev.yaml").write_text("workers: 3\n")
    written: list[Path] = []
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        if len(written) == 100:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    assert main(["synth"]) == 3
    assert "an unexpected error has occurred: OSError: [Errno 28] No space left on device" in capsys.readouterr().err
    monkeypatch.setattr(Path, "write_bytes", real_write)
    assert read_tree(synthesized) == before
    assert sorted(p.name for p in Path(".").iterdir()) == ["dist", "settings"]  # no staging folder left


def test_console_script_prints_no_traceback(settings_copy: Path) -> None:
    Path("settings/platform.yaml").write_text("version: one\n")
    exe = Path(sys.executable).with_name("fleetform")
    proc = subprocess.run([str(exe), "synth"], capture_output=True, text=True,
                          env={**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"})
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "error: settings/platform.yaml:1: version: 'one' is not valid; expected a semantic version\n"


def test_help_explains_the_flow(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "fleetform synth --check" in out
    assert "exit codes: 0 ok, 1 findings" in out


def test_write_tree_module_is_the_one_swapping(tmp_path: Path) -> None:
    tree_module.write_tree({"a/b.yaml": b"x\n"}, tmp_path / "out")
    tree_module.write_tree({"c.yaml": b"y\n"}, tmp_path / "out")
    assert read_tree(tmp_path / "out") == {"c.yaml": b"y\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
