"""Synthesize the Terraform stacks (``terraform/<cluster>/cdk.tf.json``) in parallel worker processes.

A stack is slow to synthesize (cdktn loads the provider's jsii assembly into Node), so:

- stacks run in a pool of ``spawn``-ed processes (the parent's own jsii runtime is never forked), one task
  per cloud so each process loads a provider once. A task is the cloud's checked
  :class:`~fleetform.terraform.context.StackContext` objects (the settings are loaded once, here) and
  returns the stacks' bytes;
- a stack whose inputs are unchanged since the last synth is not synthesized again: its previous output is
  reused when the synth cache (:mod:`fleetform.render.cache`) records the same input hash and the file in
  ``dist/`` still has the recorded sha256. The inputs are the settings files of the stack (platform, its cloud, its
  environment), the code of ``fleetform/terraform``, ``fleetform/settings``, ``fleetform/clouds``,
  ``fleetform/rules.py`` and this module, and the project's ``requirements.lock``;
- ``exact=True`` (``synth --check`` and CI) ignores the cache and synthesizes everything.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fleetform.render import cache
from fleetform.render.tree import Tree
from fleetform.settings import Cluster
from fleetform.terraform.context import StackContext
from fleetform.terraform.synth import synth_stacks

#: The package folders and modules a stack is made by.
CODE_PARTS = ("terraform", "settings", "clouds", "rules.py")
OUTPUT = "cdk.tf.json"


@dataclass(frozen=True)
class StackPlan:
    """What to do for one stack: reuse ``previous`` bytes, or synthesize."""

    cluster: Cluster
    inputs: str
    previous: bytes | None


def tree_path(cluster_id: str) -> str:
    return f"terraform/{cluster_id}/{OUTPUT}"


def input_hash(settings_root: Path, cluster: Cluster, code: str) -> str:
    files = [
        settings_root / "platform.yaml",
        settings_root / "clouds" / f"{cluster.cloud.name}.yaml",
        settings_root / "environments" / f"{cluster.environment}.yaml",
    ]
    return cache.digest_files(files, extra=f"{cluster.id}\n{code}")


def plan(settings_root: Path, clusters: list[Cluster], out: Path, exact: bool) -> list[StackPlan]:
    code = cache.digest_files([*cache.package_files(*CODE_PARTS), Path(__file__).resolve(), cache.LOCK_FILE])
    entries = {} if exact else cache.read(out)
    plans = []
    for cluster in clusters:
        inputs = input_hash(settings_root, cluster, code)
        previous = None
        entry = entries.get(f"terraform/{cluster.id}", {})
        current = out / tree_path(cluster.id)
        if entry.get("inputs") == inputs and current.is_file():
            data = current.read_bytes()
            previous = data if hashlib.sha256(data).hexdigest() == entry.get("output") else None
        plans.append(StackPlan(cluster, inputs, previous))
    return plans


def start(plans: list[StackPlan]) -> list[Future[dict[str, bytes]]]:
    """Submit the stacks to synthesize, grouped per cloud; returns futures of ``{cluster_id: bytes}``."""
    todo: dict[str, list[StackContext]] = {}
    for item in plans:
        if item.previous is None:
            todo.setdefault(item.cluster.cloud.name, []).append(StackContext(item.cluster))
    if not todo:
        return []
    workers = min(len(todo), os.cpu_count() or 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    futures = [pool.submit(synth_stacks, contexts) for contexts in todo.values()]
    pool.shutdown(wait=False)
    return futures


def finish(plans: list[StackPlan], futures: Iterable[Future[dict[str, bytes]]], out: Path, record: bool) -> Tree:
    """Collect every stack's bytes (reused or new); with ``record``, update the cache of ``out``."""
    fresh: dict[str, bytes] = {}
    for future in futures:
        fresh.update(future.result())
    tree: Tree = {}
    for item in plans:
        data = item.previous if item.previous is not None else fresh[item.cluster.id]
        tree[tree_path(item.cluster.id)] = data
    if record:
        cache.write(
            out,
            {
                f"terraform/{item.cluster.id}": {
                    "inputs": item.inputs,
                    "output": hashlib.sha256(tree[tree_path(item.cluster.id)]).hexdigest(),
                }
                for item in plans
            },
        )
    return tree
