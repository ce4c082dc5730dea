"""The Terraform half reuses a stack while the settings it read, the code and its output file are exactly as
the last synth recorded: an edit the stack does not read (replicas, an image, a comment) synthesizes nothing."""

from __future__ import annotations

from pathlib import Path

from fleetform.render import tf_tree
from fleetform.settings import load_settings

ALL = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]


def _reused(exact: bool = False) -> list[str]:
    clusters = load_settings(Path("settings")).clusters()
    return [p.cluster.id for p in tf_tree.plan(clusters, Path("dist"), exact) if p.previous is not None]


def _edit(path: str, old: str, new: str) -> None:
    file = Path("settings") / path
    assert old in file.read_text()
    file.write_text(file.read_text().replace(old, new, 1))


def test_unchanged_inputs_reuse_every_stack(project: Path) -> None:
    assert _reused() == ALL


def test_exact_never_reuses(project: Path) -> None:
    assert _reused(exact=True) == []


def test_settings_no_stack_reads_reuse_every_stack(project: Path) -> None:
    _edit("environments/staging.yaml", "replicas: {min: 2, max: 10}", "replicas: {min: 2, max: 12}")
    _edit("platform.yaml", 'tag: "1.4.2"', 'tag: "1.4.3"')
    _edit("clouds/gcp.yaml", "machines:", "machines:   # touched")
    assert _reused() == ALL


def test_an_environment_setting_a_stack_reads_invalidates_that_environment_only(project: Path) -> None:
    _edit("environments/staging.yaml", "monthly_budget: 8000", "monthly_budget: 9000")
    assert _reused() == [c for c in ALL if not c.endswith("-staging")]


def test_a_cloud_setting_a_stack_reads_invalidates_that_cloud_only(project: Path) -> None:
    _edit("clouds/gcp.yaml", "app: n2-standard-16", "app: n2-standard-32")
    assert _reused() == [c for c in ALL if not c.startswith("gcp-")]


def test_an_edited_or_missing_output_is_synthesized_again(project: Path) -> None:
    Path("dist/terraform/aws-dev/cdk.tf.json").write_text("{}\n")
    Path("dist/terraform/azure-staging/cdk.tf.json").unlink()
    assert _reused() == [c for c in ALL if c not in ("aws-dev", "azure-staging")]
