"""``synth --cluster`` renders and checks a subset of the clusters; the others' files stay as they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.render.tree import read_tree

AWS_DEV_API = "k8s/aws-dev/apps/ml-dev/deployment-api.yaml"
GCP_DEV_API = "k8s/gcp-dev/apps/ml-dev/deployment-api.yaml"


def test_synth_of_some_clusters_rewrites_theirs_and_keeps_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = read_tree(project)
    (project / AWS_DEV_API).write_text("edited\n")
    (project / GCP_DEV_API).write_text("edited too\n")
    assert main(["synth", "--cluster", "aws-dev", "--cluster", "aws-staging"]) == 0
    assert capsys.readouterr().out == (
        f"dist: wrote {len(original)} files for 9 clusters (rendered k8s: aws-dev/apps; terraform: none)\n"
    )
    after = read_tree(project)
    assert after[AWS_DEV_API] == original[AWS_DEV_API]
    assert after[GCP_DEV_API] == b"edited too\n"  # not selected: left as it was, hand edit included
    assert {p for p in after if after[p] != original.get(p)} == {GCP_DEV_API, "manifest.json"}


def test_check_of_some_clusters_looks_at_theirs_only(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / GCP_DEV_API).write_text("edited\n")
    assert main(["synth", "--check", "--cluster", "aws-dev"]) == 0
    files = len([p for p in read_tree(project) if p.startswith(("k8s/aws-dev/", "terraform/aws-dev/"))])
    assert capsys.readouterr().out == f"dist: up to date ({files} files of aws-dev)\n"
    assert main(["synth", "--check", "--cluster", "gcp-dev", "--cluster", "aws-dev"]) == 1
    assert capsys.readouterr().out == f"dist/{GCP_DEV_API}: differs\n"


def test_an_unknown_cluster_is_one_line_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = read_tree(project)
    assert main(["synth", "--cluster", "aws-qa"]) == 2
    assert capsys.readouterr().err == (
        "error: --cluster: unknown cluster 'aws-qa'; expected one of: aws-dev, aws-staging, aws-production, "
        "azure-dev, azure-staging, azure-production, gcp-dev, gcp-staging, gcp-production\n"
    )
    assert read_tree(project) == before


def test_check_of_one_cluster_checks_its_two_halves(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(repo / "dist"), "--cluster", "gcp-dev"]) == 0
    files = len(list((repo / "dist/k8s/gcp-dev").rglob("*.yaml"))) + 1  # and terraform/gcp-dev/cdk.tf.json
    out = capsys.readouterr().out
    assert re.search(r"^\d+ rules, 1 clusters, \d+ objects: 0 findings", out, re.MULTILINE)  # one cluster's gate
    assert out.endswith(f"== secrets\n{files} files scanned: 0 credentials found\n")  # both halves, nothing else


def test_check_of_an_unknown_cluster_is_one_line_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--cluster", "aws-qa", str(repo / "dist")]) == 2
    assert capsys.readouterr().err == (
        f"error: {repo / 'dist'}: --cluster: no cluster 'aws-qa' in this output folder; expected one of: "
        "aws-dev, aws-production, aws-staging, azure-dev, azure-production, azure-staging, gcp-dev, gcp-production, "
        "gcp-staging\n"
    )
