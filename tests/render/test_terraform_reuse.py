"""The Terraform half reuses a stack only when its inputs and its output file are exactly as last recorded."""

from __future__ import annotations

from pathlib import Path

from fleetform.render import tf_tree
from fleetform.settings import load_settings


def _record(settings: Path, out: Path) -> None:
    """Pretend a synth wrote every stack: write the files and record them in the cache."""
    clusters = load_settings(settings).clusters()
    plans = [
        tf_tree.StackPlan(p.cluster, p.inputs, f"{p.cluster.id}\n".encode())
        for p in tf_tree.plan(settings, clusters, out, exact=True)
    ]
    tree = tf_tree.finish(plans, [], out, record=True)
    for path, data in tree.items():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)


def _reused(settings: Path, out: Path, exact: bool = False) -> list[str]:
    clusters = load_settings(settings).clusters()
    return [p.cluster.id for p in tf_tree.plan(settings, clusters, out, exact) if p.previous is not None]


ALL = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]


def test_unchanged_inputs_reuse_every_stack(settings_copy: Path) -> None:
    _record(settings_copy, Path("dist"))
    assert _reused(settings_copy, Path("dist")) == ALL


def test_exact_never_reuses(settings_copy: Path) -> None:
    _record(settings_copy, Path("dist"))
    assert _reused(settings_copy, Path("dist"), exact=True) == []


def test_an_environment_file_invalidates_that_environment_only(settings_copy: Path) -> None:
    _record(settings_copy, Path("dist"))
    dev = settings_copy / "environments/dev.yaml"
    dev.write_text(dev.read_text() + "# touched\n")
    assert _reused(settings_copy, Path("dist")) == [c for c in ALL if not c.endswith("-dev")]


def test_a_cloud_file_invalidates_that_cloud_only(settings_copy: Path) -> None:
    _record(settings_copy, Path("dist"))
    gcp = settings_copy / "clouds/gcp.yaml"
    gcp.write_text(gcp.read_text() + "# touched\n")
    assert _reused(settings_copy, Path("dist")) == [c for c in ALL if not c.startswith("gcp-")]


def test_an_edited_or_missing_output_is_synthesized_again(settings_copy: Path) -> None:
    _record(settings_copy, Path("dist"))
    Path("dist/terraform/aws-dev/cdk.tf.json").write_text("{}\n")
    Path("dist/terraform/azure-staging/cdk.tf.json").unlink()
    assert _reused(settings_copy, Path("dist")) == [c for c in ALL if c not in ("aws-dev", "azure-staging")]
