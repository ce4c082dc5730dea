"""A release goes dev → staging by ``fleetform promote``, one commit whose dist/ diff is staging's clusters
only; ``git revert`` of that commit is the rollback, back to the exact bytes, and ``synth --check`` agrees."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.render.tree import read_tree

DIGEST = "sha256:" + "1" * 64
DEV_RELEASE = f"""\
release:   # the next release: dev first, then fleetform promote
  version: 1.4.3
  images:
    api:
      repository: ghcr.io/acme/ml-platform/api
      tag: "1.4.3"
      digest: {DIGEST}
"""
OLD_API = "ghcr.io/acme/ml-platform/api:1.4.2@sha256:3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c"


def _git(*args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True, env=env).stdout


def _changed_files() -> list[str]:
    return _git("diff", "--name-only", "HEAD~1", "HEAD").split()


def test_promote_commit_and_revert(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path(".gitignore").write_text(".fleetform-cache/\n")
    _git("init", "-q", "-b", "main")
    _git("add", "-A")
    _git("commit", "-qm", "the platform at 1.4.2")
    dev = Path("settings/environments/dev.yaml")
    dev.write_text(dev.read_text() + DEV_RELEASE)
    assert main(["synth"]) == 0
    assert capsys.readouterr().out.endswith("(rendered k8s: aws-dev, azure-dev, gcp-dev; terraform: none)\n")
    _git("commit", "-qam", "release 1.4.3 in dev")
    before = read_tree(project)

    assert main(["promote", "dev", "staging"]) == 0
    assert capsys.readouterr().out == (
        "settings/environments/staging.yaml: release.version: 1.4.2 → 1.4.3\n"
        f"settings/environments/staging.yaml: release.images.api: {OLD_API} → "
        f"ghcr.io/acme/ml-platform/api:1.4.3@{DIGEST}\n"
        f"dist: wrote {len(before)} files for 9 clusters "
        "(rendered k8s: aws-staging, azure-staging, gcp-staging; terraform: none)\n"
        "next: review with 'fleetform diff', commit as 'promote dev → staging'; roll back with 'git revert <commit>'\n"
    )
    _git("commit", "-qam", "promote dev → staging")
    changed = _changed_files()
    assert sorted({p.split("/")[2] for p in changed if p.startswith("dist/k8s/")}) == [
        "aws-staging",
        "azure-staging",
        "gcp-staging",
    ]
    assert [p for p in changed if not p.startswith("dist/k8s/")] == [
        "dist/manifest.json",
        "settings/environments/staging.yaml",
    ]
    assert main(["diff", "--base", "HEAD~1"]) == 0
    report = capsys.readouterr().out
    assert "3 clusters: 15 Kubernetes objects changed" in report and "all environments" not in report

    _git("revert", "--no-edit", "HEAD")
    assert read_tree(project) == before
    assert main(["synth", "--check"]) == 0
    assert capsys.readouterr().out == f"dist: up to date ({len(before)} files)\n"


def test_bad_steps_exit_2_with_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = read_tree(project)
    assert main(["promote", "staging", "dev"]) == 2
    assert capsys.readouterr().err == (
        "error: settings/platform.yaml:6: environments: 'dev' comes before 'staging': a promotion goes forward "
        "(dev → staging → production); expected FROM before TO; to roll 'dev' back, git revert the commit that "
        "promoted it\n"
    )
    assert main(["promote", "staging", "production"]) == 0
    assert capsys.readouterr().out == "production already runs the release of staging: nothing to promote\n"
    assert read_tree(project) == before
