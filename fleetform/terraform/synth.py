"""Synthesize one cluster's ``cdk.tf.json``: settings checked first, then cdktn in this process.

Called by the synth pipeline in worker processes. Loading a provider's jsii assembly into the process's
Node child is most of the cost (4-7 s) and happens once per process and provider; a further stack of the
same cloud then takes ~0.5 s. So give each worker all stacks of one cloud (:func:`synth_stacks`).
The output is normalized (sorted keys, two-space indent, trailing newline) so it is byte-identical across
runs, checkouts and output folders.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from fleetform.errors import UserError
from fleetform.settings import load_settings
from fleetform.terraform.context import StackContext, build_context

OUTPUT_FILE = "cdk.tf.json"


def load_contexts(settings_root: Path, cluster_ids: list[str]) -> list[StackContext]:
    """Load settings once and check everything the stacks need, without starting Node."""
    settings = load_settings(settings_root)
    clusters = {cluster.id: cluster for cluster in settings.clusters()}
    for cluster_id in cluster_ids:
        if cluster_id not in clusters:
            raise UserError(f"unknown cluster '{cluster_id}'; expected one of: {', '.join(clusters)}")
    return [build_context(clusters[cluster_id], settings_root) for cluster_id in cluster_ids]


def load_context(settings_root: Path, cluster_id: str) -> StackContext:
    return load_contexts(settings_root, [cluster_id])[0]


def synth_stack(settings_root: Path, cluster_id: str, outdir: Path) -> None:
    """Write ``outdir/cdk.tf.json`` for ``cluster_id`` (e.g. ``aws-production``)."""
    synth_stacks(settings_root, [(cluster_id, outdir)])


def synth_stacks(settings_root: Path, targets: list[tuple[str, Path]]) -> None:
    """Write ``<outdir>/cdk.tf.json`` for each ``(cluster_id, outdir)``, in this process.

    Every target's settings are checked before the first stack starts Node; stacks of the same cloud
    share the provider assembly loaded for the first one.
    """
    contexts = load_contexts(settings_root, [cluster_id for cluster_id, _ in targets])
    for ctx, (_, outdir) in zip(contexts, targets, strict=True):
        document = synth_document(ctx)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / OUTPUT_FILE).write_text(render(document), encoding="utf-8")


def synth_document(ctx: StackContext) -> dict[str, Any]:
    """Run cdktn for ``ctx`` in a scratch folder and return the stack's JSON document."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from cdktn import App

    from fleetform.terraform.stacks import build_stack

    with tempfile.TemporaryDirectory(prefix="fleetform-tf-") as scratch:
        app = App(outdir=scratch)
        build_stack(app, ctx)
        app.synth()
        path = Path(scratch) / "stacks" / ctx.stack_id / OUTPUT_FILE
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def render(document: dict[str, Any]) -> str:
    """The canonical text of a stack document: sorted keys, indent 2, UTF-8, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
