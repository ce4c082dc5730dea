"""Snapshot helpers: synthesize one construct in a bare chart and compare with a committed YAML file.

Regenerate on purpose with ``FLEETFORM_UPDATE_SNAPSHOTS=1 pytest tests/k8s``; review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cdk8s

from fleetform.k8s.labels import AppLabels
from fleetform.render.yaml_text import to_yaml

SNAPSHOTS = Path(__file__).parent / "snapshots"
LABELS = AppLabels("api", "production", "1.4.2", "inference-api", "ml-platform")
IMAGE = "ghcr.io/acme/ml-platform/api:1.4.2@sha256:" + "ab" * 32


def synth(build: Callable[[cdk8s.Chart], object]) -> list[dict[str, Any]]:
    chart = cdk8s.Chart(cdk8s.App(), "test", disable_resource_name_hashes=True)
    build(chart)
    return list(chart.to_json())


def assert_snapshot(name: str, objects: list[dict[str, Any]]) -> None:
    text = "---\n".join(to_yaml(obj) for obj in objects)
    path = SNAPSHOTS / f"{name}.yaml"
    if os.environ.get("FLEETFORM_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {path}: run FLEETFORM_UPDATE_SNAPSHOTS=1 pytest {__package__}"
    assert text == path.read_text()
