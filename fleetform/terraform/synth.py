"""Synthesize clusters' ``cdk.tf.json``: the loaded, checked settings in, the canonical bytes out.

The synth pipeline (:mod:`fleetform.render.tf_tree`) calls :func:`synth_stacks` in worker processes with
picklable :class:`~fleetform.terraform.context.StackContext` objects: settings are loaded and checked once,
in the parent, before any Node process starts. Loading a provider's jsii assembly into the process's Node
child is most of the cost (4-7 s) and happens once per process and provider; a further stack of the same
cloud then takes ~0.2 s. So give each worker all stacks of one cloud. The output is normalized (sorted
keys, two-space indent, trailing newline) so it is byte-identical across runs, checkouts and folders.
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from fleetform.errors import UserError
from fleetform.settings import Settings
from fleetform.settings.reads import Reads, recording
from fleetform.terraform.context import StackContext


def stack_contexts(settings: Settings, cluster_ids: list[str]) -> list[StackContext]:
    """The contexts of ``cluster_ids`` (e.g. ``aws-production``), in that order, without starting Node."""
    clusters = {cluster.id: cluster for cluster in settings.clusters()}
    for cluster_id in cluster_ids:
        if cluster_id not in clusters:
            raise UserError(f"unknown cluster '{cluster_id}'; expected one of: {', '.join(clusters)}")
    return [StackContext(clusters[cluster_id]) for cluster_id in cluster_ids]


def synth_stacks(contexts: list[StackContext]) -> dict[str, bytes]:
    """Each context's ``cdk.tf.json`` bytes by cluster id, synthesized in this process."""
    return {stack_id: data for stack_id, (data, _) in synth_traced(contexts).items()}


def synth_traced(contexts: list[StackContext]) -> dict[str, tuple[bytes, Reads]]:
    """Each context's ``cdk.tf.json`` bytes by cluster id, synthesized in this process, with the settings
    the stack read (:mod:`fleetform.settings.reads`: what the synth cache compares next time).

    The document is taken from the stack in memory (``to_terraform()``, after the preparation and
    validations ``App.synth()`` runs), not written and read back. cdktn's ``App`` still needs an output
    folder: its constructor creates ``<outdir>/stacks/``. That empty scratch folder is the only file-system
    work; it is removed on return.
    """
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    # late: the parent process of a synth never starts cdktn's Node runtime
    from fleetform.terraform.stacks import build_stack, new_app

    out: dict[str, tuple[bytes, Reads]] = {}
    with tempfile.TemporaryDirectory(prefix="fleetform-tf-") as scratch:
        for ctx in contexts:
            reads: Reads = {}
            stack = build_stack(new_app(scratch), StackContext(recording(ctx.cluster, reads)))
            stack.prepare_stack()
            stack.run_all_validations()
            out[ctx.stack_id] = (render(stack.to_terraform()), reads)
    return out


def render(document: dict[str, Any]) -> bytes:
    """The canonical text of a stack document: sorted keys, indent 2, UTF-8, trailing newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
