"""The real pre-commit runs the repository's hook: a settings change without regenerated dist/ is stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def project(repo: Path, tmp_path: Path) -> Path:
    work = tmp_path / "project"
    work.mkdir()
    for name in ("settings", "dist", "policies"):
        shutil.copytree(repo / name, work / name)
    shutil.copy(repo / ".pre-commit-config.yaml", work)
    _git(work, "init", "-q")
    _git(work, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".")
    _git(work, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "initial")
    return work


def _pre_commit(work: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
    }
    return subprocess.run(
        [str(bin_dir / "pre-commit"), "run", "--all-files"], cwd=work, env=env, capture_output=True, text=True
    )


def test_hook_passes_on_an_up_to_date_tree(project: Path, tmp_path: Path) -> None:
    proc = _pre_commit(project, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "fleetform synth (regenerate dist/)" in proc.stdout
    assert "fleetform check (schemas + policies on dist/)" in proc.stdout


def test_hook_regenerates_and_stops_a_stale_commit(project: Path, tmp_path: Path) -> None:
    settings = project / "settings/environments/dev.yaml"
    settings.write_text(settings.read_text().replace("workers: 2", "workers: 3"))
    proc = _pre_commit(project, tmp_path)
    assert proc.returncode == 1
    assert "files were modified by this hook" in proc.stdout
    config = (project / "dist/k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml").read_text()
    assert "ML_WORKERS: '3'" in config
    assert _pre_commit(project, tmp_path).returncode == 0
