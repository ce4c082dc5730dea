"""``fleetform synth`` end to end (Kubernetes and Terraform): writes, checks, reuses, refuses bad input
without touching dist/. The whole platform is synthesized once per session (``synthesized_once`` in
tests/conftest.py); each test starts from a copy (``project``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fleetform import synth as synth_module
from fleetform.cli import main
from fleetform.render import tf_tree
from fleetform.render import tree as tree_module
from fleetform.render.tree import read_tree

REPO_DIST = Path(__file__).resolve().parents[2] / "dist"
FILES = len(read_tree(REPO_DIST))  # the committed tree; `synth --check` in CI keeps it current


def test_first_synth_writes_both_halves_identical_to_the_committed_tree(synthesized_once: Path) -> None:
    tree = read_tree(synthesized_once / "dist")
    assert tree == read_tree(REPO_DIST)  # another checkout path, another working directory: same bytes
    assert sorted({p.split("/")[0] for p in tree}) == ["k8s", "manifest.json", "terraform"]
    assert len([p for p in tree if p.endswith("/cdk.tf.json")]) == 9


def test_check_synthesizes_everything_again_and_finds_it_identical(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["synth", "--check"]) == 0
    assert capsys.readouterr().out == f"dist: up to date ({FILES} files)\n"


def test_no_change_synth_reuses_every_output(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_rendering(*args: object) -> None:
        raise AssertionError("nothing changed: nothing should be rendered")

    def no_stacks(plans: list[tf_tree.StackPlan]) -> list[object]:
        assert [p.cluster.id for p in plans if p.previous is None] == []
        return []

    monkeypatch.setattr(synth_module, "render_layers", no_rendering)
    monkeypatch.setattr(tf_tree, "start", no_stacks)
    assert main(["synth"]) == 0
    assert capsys.readouterr().out == f"dist: up to date, nothing written ({FILES} files for 9 clusters)\n"


def test_a_hand_edited_output_is_regenerated_despite_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack = project / "terraform/gcp-dev/cdk.tf.json"
    original = stack.read_bytes()
    stack.write_text("{}\n")
    assert main(["synth"]) == 0
    assert stack.read_bytes() == original


def test_check_lists_every_difference_and_writes_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "k8s/aws-dev/apps/ml-dev/deployment-api.yaml").write_text("edited\n")
    (project / "k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml").unlink()
    (project / "k8s/aws-dev/leftover.yaml").write_text("kind: Leftover\n")
    before = read_tree(project)
    assert main(["synth", "--check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        "dist/k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml: missing\n"
        "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml: differs\n"
        "dist/k8s/aws-dev/leftover.yaml: stale\n"
    )
    assert captured.err == "dist: out of date; run 'fleetform synth' and commit the result\n"
    assert read_tree(project) == before


def test_synth_removes_files_of_removed_resources(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "k8s/aws-dev/leftover.yaml").write_text("kind: Leftover\n")
    settings = Path("settings/environments/production.yaml")
    settings.write_text(settings.read_text() + "retraining:\n  enabled: false\n")
    assert main(["synth"]) == 0
    assert not (project / "k8s/aws-dev/leftover.yaml").exists()
    assert not (project / "k8s/aws-production/apps/ml-production/cronjob-retraining.yaml").exists()


def test_bad_settings_exit_2_with_one_line_and_leave_dist_untouched(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_tree(project)
    Path("settings/environments/dev.yaml").write_text("workers: many\n")
    assert main(["synth"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "error: settings/environments/dev.yaml:1: workers: got 'many' (a string); expected an integer\n"
    )
    assert captured.out == ""
    assert read_tree(project) == before


def test_failure_while_writing_leaves_previous_dist(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "k8s/aws-dev/apps/ml-dev/deployment-api.yaml").write_text("edited\n")
    before = read_tree(project)
    written: list[Path] = []
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        if len(written) == 100:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    assert main(["synth"]) == 2
    assert capsys.readouterr().err == (
        "error: dist: cannot write: No space left on device; expected free space on the device\n"
    )
    monkeypatch.setattr(Path, "write_bytes", real_write)
    assert read_tree(project) == before
    assert not [p.name for p in Path(".").iterdir() if p.name.startswith(".dist-")]  # no staging folder left


def test_console_script_prints_no_traceback(settings_copy: Path) -> None:
    Path("settings/platform.yaml").write_text("version: one\n")
    exe = Path(sys.executable).with_name("fleetform")
    proc = subprocess.run(
        [str(exe), "synth"],
        capture_output=True,
        text=True,
        env={**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"},
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "error: settings/platform.yaml:1: version: 'one' is not valid; expected a semantic version such as 1.4.2\n"
    )


def test_help_explains_the_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "fleetform synth --check" in out
    assert "exit codes: 0 ok, 1 findings" in out


def test_write_tree_replaces_the_folder_as_a_whole(tmp_path: Path) -> None:
    tree_module.write_tree({"a/b.yaml": b"x\n"}, tmp_path / "out")
    tree_module.write_tree({"c.yaml": b"y\n"}, tmp_path / "out")
    assert read_tree(tmp_path / "out") == {"c.yaml": b"y\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_console_script_synth_shows_no_jsii_banner(settings_copy: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"}
    exe = Path(sys.executable).with_name("fleetform")
    proc = subprocess.run([str(exe), "synth", "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # neither jsii's Node 20 banner (main process, Terraform workers) nor anything else
    assert proc.stdout.startswith(f"{tmp_path / 'out'}: wrote ")


def test_console_script_read_only_commands_flush_before_the_fast_exit(tmp_path: Path) -> None:
    # 'policy' ends with os._exit (no interpreter teardown): a big report on a pipe must still arrive whole.
    root = Path(__file__).resolve().parents[2]
    exe = Path(sys.executable).with_name("fleetform")
    tree = root / "dist" / "k8s" / "azure-staging"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    proc = subprocess.run([str(exe), "policy", str(tree), "--format", "json"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["objects"] > 100 and report["waived"]  # the whole JSON arrived
    bad = subprocess.run([str(exe), "policy", str(tmp_path / "missing")], capture_output=True, text=True, env=env)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1


def test_console_script_quiet_when_the_reader_goes_away(tmp_path: Path) -> None:
    # `fleetform check | head -1`: the reader closes the pipe; no crash report, no traceback, exit 141 (SIGPIPE).
    root = Path(__file__).resolve().parents[2]
    exe = Path(sys.executable).with_name("fleetform")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    proc = subprocess.Popen(
        [str(exe), "check"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == "== schema validation\n"
    proc.stdout.close()  # before validate prints its summary and the policies print their report
    stderr = proc.stderr.read()
    assert (proc.wait(timeout=120), stderr) == (141, "")


def test_a_bug_in_validate_is_one_line_and_a_crash_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import fleetform.validate.api as validate_api

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(validate_api, "validate_paths", broken)
    assert main(["validate", "dist"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("fleetform: an unexpected error has occurred: RuntimeError: boom (details in ")
    assert err.count("\n") == 1 and "Traceback" not in err
    log = Path(err.rsplit("details in ", 1)[1].rstrip(")\n"))
    assert "Traceback" in log.read_text() and 'raise RuntimeError("boom")' in log.read_text()
