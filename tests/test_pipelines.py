"""The CI pipeline files of the GitOps repository: the GitHub Actions workflow passes actionlint, the GitLab CI
file validates against GitLab's schema (the copy check-jsonschema ships, offline), actions are pinned by
commit, and every job has only the permissions it uses."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

BIN = Path(sys.executable).parent
WORKFLOW = Path(".github/workflows/fleetform.yml")
SETUP = Path(".github/actions/setup/action.yml")
GITLAB = Path(".gitlab-ci.yml")
#: ``uses: owner/repo[/path]@<40 hex> # vX.Y.Z``, or a local action.
PINNED = re.compile(r"^\s*(?:- )?uses: (?:\./\S+|[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+)$")


def _actionlint(root: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "actionlint"), "-no-color", *files], cwd=root, capture_output=True, text=True, check=False
    )


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_workflow_passes_actionlint(repo: Path) -> None:
    proc = _actionlint(repo, str(WORKFLOW))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_actionlint_is_the_real_checker(repo: Path, tmp_path: Path) -> None:
    """A wrong permission scope and an unknown context are found (so a pass above means something)."""
    (tmp_path / ".github/workflows").mkdir(parents=True)
    text = (repo / WORKFLOW).read_text().replace("pull-requests: write", "pull-request: write")
    text = text.replace("${{ github.event.pull_request.base.sha }}", "${{ gitub.event.pull_request.base.sha }}")
    (tmp_path / ".github/workflows/broken.yml").write_text(text)
    (tmp_path / ".github/actions/setup").mkdir(parents=True)
    (tmp_path / SETUP).write_text((repo / SETUP).read_text())
    proc = _actionlint(tmp_path, ".github/workflows/broken.yml")
    assert proc.returncode == 1
    found = sorted(re.findall(r"^\.github/workflows/broken\.yml:\d+:\d+: .*\[(\S+)\]$", proc.stdout, re.M))
    assert found == ["expression", "permissions"]


def test_the_gitlab_file_matches_gitlabs_schema(repo: Path, tmp_path: Path) -> None:
    check = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci"]
    proc = subprocess.run([*check, str(GITLAB)], cwd=repo, capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout.strip()) == (0, "ok -- validation done")
    broken = tmp_path / "broken.yml"
    broken.write_text((repo / GITLAB).read_text().replace("    when: always", "    when: sometimes", 1))
    proc = subprocess.run([*check, str(broken)], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout.splitlines()[1:]) == (
        1,
        [f"  {broken}::$.check.artifacts.when: 'sometimes' is not one of ['on_success', 'on_failure', 'always']"],
    )


@pytest.mark.parametrize("path", [WORKFLOW, SETUP])
def test_every_action_is_pinned_by_commit_with_its_release(repo: Path, path: Path) -> None:
    lines = [line for line in (repo / path).read_text().splitlines() if "uses:" in line]
    assert lines
    assert [line for line in lines if not PINNED.match(line)] == []


def test_least_privilege(repo: Path) -> None:
    workflow = _load(repo / WORKFLOW)
    assert workflow["permissions"] == {}
    assert {name: job["permissions"] for name, job in workflow["jobs"].items()} == {
        "check": {"contents": "read", "security-events": "write"},
        "images": {"contents": "read", "packages": "read"},
        "diff": {"contents": "read", "pull-requests": "write"},
    }
    checkouts = [
        step for job in workflow["jobs"].values() for step in job["steps"] if "checkout" in step.get("uses", "")
    ]
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False, False, False]


def test_both_pipelines_run_the_gate_and_the_diff(repo: Path) -> None:
    workflow = _load(repo / WORKFLOW)
    runs = {name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in workflow["jobs"].items()}
    assert ".venv/bin/fleetform synth --check" in runs["check"]
    assert ".venv/bin/fleetform check" in runs["check"]
    assert '.venv/bin/fleetform diff --no-cache --base "$BASE" --format markdown > fleetform-diff.md' in runs["diff"]
    gitlab = _load(repo / GITLAB)
    assert gitlab["check"]["script"] == [".venv/bin/fleetform synth --check", ".venv/bin/fleetform check"]
    assert gitlab["diff"]["script"] == [
        '.venv/bin/fleetform diff --no-cache --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format markdown '
        "> fleetform-diff.md",
        ".venv/bin/python scripts/gitlab_mr_note.py fleetform-diff.md",
    ]


def test_both_pipelines_scan_every_image_dist_runs_and_fail_on_critical(repo: Path) -> None:
    workflow = _load(repo / WORKFLOW)["jobs"]["images"]
    runs = [step.get("run", "") for step in workflow["steps"]]
    assert ".venv/bin/fleetform images --trivyignore .trivyignore.yaml > images.txt" in runs
    scan = 'trivy image --quiet --severity CRITICAL --exit-code 1 --ignorefile .trivyignore.yaml "$image"'
    assert any(scan in run and "done < images.txt" in run for run in runs)
    setup = [step for step in workflow["steps"] if step.get("uses", "").startswith("aquasecurity/setup-trivy@")]
    assert [step["with"]["version"] for step in setup] == ["v0.70.0"]
    gitlab = _load(repo / GITLAB)
    assert gitlab["images"]["script"] == [".venv/bin/fleetform images --trivyignore .trivyignore.yaml > images.txt"]
    assert gitlab["image-scan"]["image"]["name"] == "aquasec/trivy:0.70.0"
    assert any(scan in line and "done < images.txt" in line for line in gitlab["image-scan"]["script"])
