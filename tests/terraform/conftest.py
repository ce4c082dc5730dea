"""Synthesize the stacks the tests read, once per session, two worker processes (as the synth pipeline does).

The settings are loaded here and the workers get the stack contexts, as in the pipeline. Each worker runs
with its working directory in a scratch folder, and the files are written to another folder than the
snapshots were made from, so the snapshot comparison also proves the output does not depend on the
checkout path, output folder or working directory.
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

from fleetform.settings import load_settings
from fleetform.terraform.context import StackContext
from fleetform.terraform.synth import stack_contexts, synth_stacks

REPO = Path(__file__).resolve().parents[2]
#: The stacks under test: every cloud's production stack (the richest) and one non-production stack.
STACKS = ("aws-production", "azure-production", "gcp-production", "azure-dev")
#: A settings variant with the optional parts on (ENABLE_GPU_ACCELERATION, the serverless option) and the mesh off.
VARIANT = "gcp-production"
VARIANT_SETTINGS = "gpu: {enabled: true}\nmesh: false\ndelivery: {strategy: rolling}\n"


def _synth_in(scratch: str, runs: list[tuple[str, StackContext]]) -> dict[str, bytes]:
    """Synthesize ``(name, context)`` runs of one cloud in this worker process, by name."""
    os.chdir(scratch)
    return {name: synth_stacks([ctx])[ctx.stack_id] for name, ctx in runs}


def _variant_settings(root: Path) -> Path:
    settings = root / "settings"
    shutil.copytree(REPO / "settings", settings)
    production = settings / "environments" / "production.yaml"
    text = production.read_text(encoding="utf-8")
    text = text.replace("\ninfra: {}", "\ninfra: {serverless: true}")
    production.write_text(text + VARIANT_SETTINGS, encoding="utf-8")
    return settings


@pytest.fixture(scope="session")
def worker_cwd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working directory of the synthesizing workers."""
    return tmp_path_factory.mktemp("cwd")


@pytest.fixture(scope="session")
def stack_files(tmp_path_factory: pytest.TempPathFactory, worker_cwd: Path) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("terraform")
    variant = load_settings(_variant_settings(tmp_path_factory.mktemp("variant")))
    runs = [
        *zip(STACKS, stack_contexts(load_settings(REPO / "settings"), list(STACKS)), strict=True),
        ("variant", stack_contexts(variant, [VARIANT])[0]),
    ]
    by_cloud: dict[str, list[tuple[str, StackContext]]] = {}
    for name, ctx in runs:
        by_cloud.setdefault(ctx.cluster.cloud.name, []).append((name, ctx))
    # One worker per cloud, as the synth pipeline does: the provider assembly loads once per process.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        jobs = [pool.submit(_synth_in, str(worker_cwd), cloud_runs) for cloud_runs in by_cloud.values()]
        documents = {name: data for job in jobs for name, data in job.result().items()}
    files = {}
    for name, data in documents.items():
        (root / name).mkdir()
        (root / name / "cdk.tf.json").write_bytes(data)
        files[name] = root / name / "cdk.tf.json"
    return files


@pytest.fixture(scope="session")
def stacks(stack_files: dict[str, Path]) -> dict[str, dict[str, Any]]:
    return {cid: json.loads(path.read_text(encoding="utf-8")) for cid, path in stack_files.items()}
