"""Synthesize the stacks the tests read, once per session, two worker processes (as the synth pipeline does).

Each worker runs with its working directory in a scratch folder and writes into a different output folder
than the snapshots were made from, so the snapshot comparison also proves the output does not depend on
the checkout path, output folder or working directory.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from fleetform.terraform.synth import synth_stack

REPO = Path(__file__).resolve().parents[2]
#: The stacks under test: every cloud's production stack (the richest) and one non-production stack.
STACKS = ("aws-production", "azure-production", "gcp-production", "azure-dev")
#: A settings variant with the optional parts on (ENABLE_GPU_ACCELERATION, the serverless option).
VARIANT = "gcp-production"
VARIANT_SETTINGS = "gpu: {enabled: true}\n"


def _synth_in(scratch: str, runs: list[tuple[str, str, str]]) -> None:
    """Synthesize ``(settings, cluster_id, outdir)`` runs of one cloud in this worker process."""
    os.chdir(scratch)
    for settings, cluster_id, outdir in runs:
        synth_stack(Path(settings), cluster_id, Path(outdir))


def _variant_settings(root: Path) -> Path:
    settings = root / "settings"
    shutil.copytree(REPO / "settings", settings)
    production = settings / "environments" / "production.yaml"
    text = production.read_text(encoding="utf-8")
    text = text.replace("\ninfra: {}", "\ninfra: {serverless: true}")
    production.write_text(text + VARIANT_SETTINGS, encoding="utf-8")
    return settings


@pytest.fixture(scope="session")
def stack_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("terraform")
    scratch = tmp_path_factory.mktemp("cwd")
    context = multiprocessing.get_context("spawn")
    variant = _variant_settings(tmp_path_factory.mktemp("variant"))
    runs = [(str(REPO / "settings"), cid, cid) for cid in STACKS] + [(str(variant), VARIANT, "variant")]
    by_cloud: dict[str, list[tuple[str, str, str]]] = {}
    for settings, cid, name in runs:
        by_cloud.setdefault(cid.split("-")[0], []).append((settings, cid, str(root / name)))
    # One worker per cloud, as the synth pipeline should do: the provider assembly loads once per process.
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        for job in [pool.submit(_synth_in, str(scratch), cloud_runs) for cloud_runs in by_cloud.values()]:
            job.result()
    return {name: root / name / "cdk.tf.json" for _, _, name in runs}


@pytest.fixture(scope="session")
def stacks(stack_files: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {cid: json.loads(path.read_text(encoding="utf-8")) for cid, path in stack_files.items()}
