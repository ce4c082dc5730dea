"""Synthesize the Terraform stacks (``terraform/<cluster>/cdk.tf.json``) in parallel worker processes.

A stack is slow to synthesize (cdktn loads the provider's jsii assembly into Node), so:

- stacks run in a pool of ``spawn``-ed processes (the parent's own jsii runtime is never forked), one task
  per cloud so each process loads a provider once. A task is the cloud's checked
  :class:`~fleetform.terraform.context.StackContext` objects (the settings are loaded once, here) and
  returns the stacks' bytes with the settings each stack read;
- a stack whose inputs are unchanged since the last synth is not synthesized again: its previous output is
  reused when the synth cache (:mod:`fleetform.render.cache`) records the same code hash, every setting the
  stack read last time still has the recorded value (:mod:`fleetform.settings.reads`: a setting it does
  not read, such as API replicas or an image, never invalidates it), and the file in ``dist/`` still has
  the recorded sha256. The code is ``fleetform/terraform``, ``fleetform/settings``, ``fleetform/clouds``,
  ``fleetform/rules.py``, this module and the project's ``requirements.lock``;
- ``exact=True`` (``synth --check`` and CI) ignores the cache and synthesizes everything.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from fleetform.render import cache
from fleetform.render.tree import Tree
from fleetform.settings import Cluster
from fleetform.settings.reads import Reads, unchanged
from fleetform.terraform.context import StackContext
from fleetform.terraform.synth import synth_traced

#: The package folders and modules a stack is made by.
CODE_PARTS = ("terraform", "settings", "clouds", "rules.py")
OUTPUT = "cdk.tf.json"


@dataclass(frozen=True)
class StackPlan:
    """What to do for one stack: reuse ``previous`` bytes (which read ``reads``), or synthesize."""

    cluster: Cluster
    inputs: str
    previous: bytes | None
    reads: Reads = field(default_factory=dict)


def tree_path(cluster_id: str) -> str:
    return f"terraform/{cluster_id}/{OUTPUT}"


def code_hash() -> str:
    """The hash of the code every stack is made by."""
    return cache.digest_files([*cache.package_files(*CODE_PARTS), Path(__file__).resolve(), cache.LOCK_FILE])


def plan(clusters: list[Cluster], out: Path, exact: bool) -> list[StackPlan]:
    code = code_hash()
    entries = {} if exact else cache.read(out)
    plans = []
    for cluster in clusters:
        inputs = hashlib.sha256(f"{cluster.id}\n{code}".encode()).hexdigest()
        entry = entries.get(f"terraform/{cluster.id}", {})
        recorded = entry.get("reads")
        reads: Reads = recorded if isinstance(recorded, dict) else {}
        current = out / tree_path(cluster.id)
        previous = None
        if (
            entry.get("inputs") == inputs
            and isinstance(recorded, dict)
            and unchanged(cluster, reads)
            and current.is_file()
        ):
            data = current.read_bytes()
            previous = data if hashlib.sha256(data).hexdigest() == entry.get("output") else None
        plans.append(StackPlan(cluster, inputs, previous, reads))
    return plans


def start(plans: list[StackPlan]) -> list[Future[dict[str, tuple[bytes, Reads]]]]:
    """Submit the stacks to synthesize, grouped per cloud; returns futures of ``{cluster_id: (bytes, reads)}``."""
    todo: dict[str, list[StackContext]] = {}
    for item in plans:
        if item.previous is None:
            todo.setdefault(item.cluster.cloud.name, []).append(StackContext(item.cluster))
    if not todo:
        return []
    workers = min(len(todo), os.cpu_count() or 1)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    futures = [pool.submit(synth_traced, contexts) for contexts in todo.values()]
    pool.shutdown(wait=False)
    return futures


def finish(
    plans: list[StackPlan], futures: Iterable[Future[dict[str, tuple[bytes, Reads]]]], out: Path, record: bool
) -> Tree:
    """Collect every stack's bytes (reused or new); with ``record``, update the cache of ``out``."""
    fresh: dict[str, tuple[bytes, Reads]] = {}
    for future in futures:
        fresh.update(future.result())
    tree: Tree = {}
    entries: cache.Entries = {}
    for item in plans:
        data, reads = (item.previous, item.reads) if item.previous is not None else fresh[item.cluster.id]
        tree[tree_path(item.cluster.id)] = data
        output = hashlib.sha256(data).hexdigest()
        entries[f"terraform/{item.cluster.id}"] = {"inputs": item.inputs, "reads": reads, "output": output}
    if record:
        cache.write(out, entries)
    return tree
