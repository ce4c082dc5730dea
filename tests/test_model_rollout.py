"""A model (or feature flag) change is a one-line settings edit that changes exactly one environment's
clusters; reverting the edit gives back the committed dist/ byte for byte (a rollback is a revert)."""

from __future__ import annotations

from pathlib import Path

from fleetform.synth import synthesize

#: The production clusters' ConfigMap and the Deployments whose pods roll on it (checksum annotation), and
#: dist/'s manifest of file hashes.
PRODUCTION_FILES = {
    "manifest.json",
    *(
        f"k8s/{cloud}-production/apps/ml-production/{name}.yaml"
        for cloud in ("aws", "azure", "gcp")
        for name in ("configmap-ml-platform-settings", "deployment-api", "deployment-model-worker")
    ),
}


def _changed(tree: dict[str, bytes], dist: Path) -> set[str]:
    return {path for path, data in tree.items() if (dist / path).read_bytes() != data}


def test_promoting_a_model_changes_only_production_and_the_revert_restores_it(
    repo: Path, settings_copy: Path, tmp_path: Path
) -> None:
    path = settings_copy / "environments/production.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("model_version: 2026.11.1", "model_version: 2026.11.2"), encoding="utf-8")
    promoted = synthesize(settings_copy, out=tmp_path / "a", exact=True).tree
    assert _changed(dict(promoted), repo / "dist") == PRODUCTION_FILES
    assert (
        b"ML_MODEL_VERSION: 2026.11.2"
        in promoted["k8s/gcp-production/apps/ml-production/configmap-ml-platform-settings.yaml"]
    )
    path.write_text(text, encoding="utf-8")
    reverted = synthesize(settings_copy, out=tmp_path / "b", exact=True).tree
    assert _changed(dict(reverted), repo / "dist") == set()
