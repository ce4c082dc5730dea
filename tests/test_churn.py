"""Low churn: a platform version bump changes the release's workloads and nothing else (bench/churn.py has the
table for the other everyday edits)."""

from __future__ import annotations

import shutil
from pathlib import Path

from fleetform.synth import synthesize

CLOUDS = ("aws", "azure", "gcp")
#: The workloads of each environment: the API and the model workers everywhere, the off-hours scaler where it
#: runs (dev, staging), the retraining CronJob where retraining is on (staging, production).
WORKLOADS = {
    "dev": (
        "cronjob-off-hours-scaler-down",
        "cronjob-off-hours-scaler-up",
        "deployment-api",
        "deployment-model-worker",
    ),
    "staging": (
        "cronjob-off-hours-scaler-down",
        "cronjob-off-hours-scaler-up",
        "cronjob-retraining",
        "deployment-api",
        "deployment-model-worker",
    ),
    "production": ("cronjob-retraining", "deployment-api", "deployment-model-worker"),
}


def test_a_version_bump_changes_only_the_workloads(repo: Path, tmp_path: Path) -> None:
    settings = tmp_path / "settings"
    shutil.copytree(repo / "settings", settings)
    platform = settings / "platform.yaml"
    platform.write_text(platform.read_text().replace("version: 1.4.2 ", "version: 1.4.3 ", 1))
    before = synthesize(repo / "settings", out=tmp_path / "dist").tree
    after = synthesize(settings, out=tmp_path / "dist").tree
    changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
    expected = sorted(
        [
            f"k8s/{cloud}-{env}/apps/ml-{env}/{name}.yaml"
            for cloud in CLOUDS
            for env, names in WORKLOADS.items()
            for name in names
        ]
        + ["manifest.json"]
    )
    assert changed == expected
    api = after["k8s/aws-dev/apps/ml-dev/deployment-api.yaml"].decode()
    assert api.count("app.kubernetes.io/version: 1.4.3") == 2  # the Deployment and its pod template
