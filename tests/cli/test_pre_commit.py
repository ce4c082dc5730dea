"""The real pre-commit runs fleetform's hooks on real commits, in a temporary GitOps repository that uses them
as another repository would (``.pre-commit-hooks.yaml`` from a clone of fleetform), with no virtual
environment activated: the hooks find ``.venv/bin/fleetform``. The project has one cluster (aws-dev), so a
synth takes seconds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fleetform.render.tree import write_tree
from fleetform.synth import synthesize

GIT = ("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false")
SETTINGS_CHANGE = ("settings/environments/dev.yaml", "workers: 2", "workers: 3")


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text()
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def hooks_repo(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """fleetform's hook definitions and script in a git repository of their own, at a commit."""
    root = tmp_path_factory.mktemp("fleetform-hooks")
    shutil.copy(repo / ".pre-commit-hooks.yaml", root)
    (root / "scripts").mkdir()
    shutil.copy2(repo / "scripts/fleetform-hook", root / "scripts")
    _git(root, "init", "--quiet")
    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "--message", "hooks")
    return root, _git(root, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def template(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """settings/ for one cluster, and the dist/ synth renders from them."""
    root = tmp_path_factory.mktemp("gitops-template")
    shutil.copytree(repo / "settings", root / "settings")
    for name in ("clouds/azure.yaml", "clouds/gcp.yaml", "environments/staging.yaml", "environments/production.yaml"):
        (root / "settings" / name).unlink()
    _edit(root, "settings/platform.yaml", "clouds: [aws, azure, gcp]", "clouds: [aws]")
    _edit(root, "settings/platform.yaml", "environments: [dev, staging, production]", "environments: [dev]")
    aws = root / "settings/clouds/aws.yaml"
    aws.write_text(re.sub(r"(?m)^  (staging|production): .*\n", "", aws.read_text()))
    write_tree(synthesize(root / "settings", out=root / "dist").tree, root / "dist")
    return root


def _environment(tmp_path: Path) -> dict[str, str]:
    """No activated virtual environment: neither VIRTUAL_ENV nor the test's venv on PATH."""
    venv_bin = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    return {
        **env,
        "PATH": path,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


def _project(template: Path, tmp_path: Path, config: str, extra: dict[str, Path] | None = None) -> Path:
    """A GitOps repository with the hooks installed and ``.venv`` pointing at the test's virtual environment
    (as scripts/setup.sh would make it), everything committed."""
    root = tmp_path / "project"
    shutil.copytree(template, root)
    (root / ".pre-commit-config.yaml").write_text(config)
    (root / ".gitignore").write_text(".venv\n")
    for name, source in (extra or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent)
    _git(root, "init", "--quiet")
    _git(root, "add", "--all")
    _git(root, "commit", "--quiet", "--no-verify", "--message", "initial")
    pre_commit = Path(sys.executable).with_name("pre-commit")
    subprocess.run([str(pre_commit), "install"], cwd=root, env=_environment(tmp_path), check=True, capture_output=True)
    return root


@pytest.fixture()
def project(template: Path, tmp_path: Path, hooks_repo: tuple[Path, str]) -> Path:
    """Uses fleetform's hooks from their repository, as any other GitOps repository would."""
    source, rev = hooks_repo
    config = f"""\
repos:
  - repo: {source}
    rev: {rev}
    hooks:
      - id: fleetform-synth-check
      - id: fleetform-check
"""
    return _project(template, tmp_path, config)


def _commit(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    _git(root, "add", "--all")
    return subprocess.run(  # git shows the hooks' output on stderr: read both as one
        [*GIT, "commit", "--message", "change"],
        cwd=root,
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _commits(root: Path) -> int:
    return int(_git(root, "rev-list", "--count", "HEAD"))


def _hook_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("fleetform ")]


def test_a_settings_change_without_a_regenerated_dist_is_refused(project: Path, tmp_path: Path) -> None:
    _edit(project, *SETTINGS_CHANGE)
    proc = _commit(project, tmp_path)
    assert proc.returncode == 1
    assert _hook_lines(proc.stdout) == [
        "fleetform synth --check (dist/ matches settings/)........................Failed",
        "fleetform check (schemas + policies on dist/)........(no files to check)Skipped",
    ]
    assert "dist/k8s/aws-dev/apps/ml-dev/configmap-ml-platform-settings.yaml: differs" in proc.stdout
    assert "dist: out of date; run 'fleetform synth' and commit the result" in proc.stdout
    assert _commits(project) == 1


def test_a_commit_whose_dist_breaks_a_policy_is_refused(project: Path, tmp_path: Path) -> None:
    deployment = "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml"
    _edit(project, deployment, "runAsNonRoot: true", "runAsNonRoot: false")
    proc = _commit(project, tmp_path)
    assert proc.returncode == 1
    assert [line.rsplit(".", 1)[-1] for line in _hook_lines(proc.stdout)] == ["Failed", "Failed"]
    assert (
        f"{deployment}:1: apps/v1 Deployment ml-dev/api: [k8s-pss-run-as-non-root] "
        "container api must not set securityContext.runAsNonRoot: false (restricted:v1.35) (high)"
    ) in proc.stdout
    assert _commits(project) == 1


def test_a_clean_commit_passes(project: Path, tmp_path: Path) -> None:
    _edit(project, *SETTINGS_CHANGE)
    synth = subprocess.run(
        [".venv/bin/fleetform", "synth"], cwd=project, env=_environment(tmp_path), capture_output=True, text=True
    )
    assert synth.returncode == 0, synth.stderr
    proc = _commit(project, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [line.rsplit(".", 1)[-1] for line in _hook_lines(proc.stdout)] == ["Passed", "Passed"]  # dist/ changed
    assert _commits(project) == 2


def test_without_fleetform_the_hook_says_how_to_install_it(project: Path, tmp_path: Path) -> None:
    (project / ".venv").unlink()
    _edit(project, *SETTINGS_CHANGE)
    proc = _commit(project, tmp_path)
    assert proc.returncode == 1
    assert (
        "fleetform-hook: fleetform not found in $FLEETFORM, .venv/bin, $VIRTUAL_ENV/bin or PATH; install it "
        "(python3 -m venv .venv && .venv/bin/pip install fleetform) or set FLEETFORM=/path/to/fleetform"
    ) in proc.stdout


def test_this_repositorys_own_hooks_run_without_an_activated_venv(repo: Path, template: Path, tmp_path: Path) -> None:
    config = (repo / ".pre-commit-config.yaml").read_text()
    project = _project(template, tmp_path, config, {"scripts/fleetform-hook": repo / "scripts/fleetform-hook"})
    _edit(project, *SETTINGS_CHANGE)
    proc = _commit(project, tmp_path)
    assert proc.returncode == 1
    assert "dist: out of date; run 'fleetform synth' and commit the result" in proc.stdout


@pytest.mark.parametrize(
    ("path", "hooks"),
    [
        ("settings/platform.yaml", ["fleetform-synth-check"]),
        ("policies/k8s-probes/policy.yaml", ["fleetform-synth-check", "fleetform-check"]),  # synth emits them
        ("policies/waivers.yaml", ["fleetform-synth-check", "fleetform-check"]),
        ("dist/k8s/aws-dev/kustomization.yaml", ["fleetform-synth-check", "fleetform-check"]),
        ("fleetform/k8s/constructs/deployment.py", ["fleetform-synth-check", "fleetform-check"]),
        ("app.py", ["fleetform-synth-check"]),
        ("requirements.lock", ["fleetform-synth-check"]),
        ("README.md", []),
        ("tests/test_churn.py", []),
    ],
)
def test_the_files_patterns(repo: Path, path: str, hooks: list[str]) -> None:
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    local = config["repos"][0]["hooks"]
    assert [hook["id"] for hook in local if re.search(hook["files"], path)] == hooks
    manifest = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())
    shared = [hook["id"] for hook in manifest if re.search(hook["files"], path)]
    assert shared == [hook for hook in hooks if path.startswith(("settings/", "dist/", "policies/"))]
