"""``fleetform synth``: render every cluster into ``dist/``; ``--check`` compares instead of writing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fleetform.arguments import ArgumentParser

if TYPE_CHECKING:
    from fleetform.synth import SynthResult

SUMMARY = "render every cluster into dist/ (or --check it)"


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="fleetform synth", description="Render every cluster's Kubernetes manifests into dist/."
    )
    parser.add_argument(
        "--settings", type=Path, default=Path("settings"), metavar="DIR", help="settings folder (default: settings)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("dist"),
        metavar="DIR",
        help="output folder, replaced as a whole at once; one synth at a time (default: dist)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that differ if OUT is stale "
        "(always synthesizes every Terraform stack)",
    )
    parser.add_argument(
        "--exact", action="store_true", help="synthesize every Terraform stack even when its inputs are unchanged"
    )
    parser.add_argument(
        "--cluster",
        action="append",
        default=[],
        metavar="CLOUD-ENV",
        help="render (or --check) only this cluster, e.g. aws-staging; repeatable. The other clusters' files "
        "stay as they are",
    )
    return parser


def run(argv: list[str]) -> int:
    from fleetform.render.guard import synth_lock, use_scratch

    args = _parser().parse_args(argv)
    with synth_lock(args.out, shared=args.check), use_scratch(args.out):  # one synth per folder at a time
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from fleetform.render.tree import diff_tree, write_tree
    from fleetform.synth import merged, synthesize

    out: Path = args.out
    result = synthesize(args.settings, out=out, exact=args.check or args.exact, only=tuple(args.cluster))
    which = "" if result.complete else f" of {', '.join(result.clusters)}"
    if args.check:
        diff = diff_tree(result.tree, out, within=result.prefixes)
        if diff.clean:
            print(f"{out}: up to date ({len(result.tree)} files{which})")
            return 0
        for label, paths in (("missing", diff.added), ("differs", diff.changed), ("stale", diff.removed)):
            for path in paths:
                print(f"{out / path}: {label}")
        print(f"{out}: out of date; run 'fleetform synth' and commit the result", file=sys.stderr)
        return 1
    tree = merged(result, out)
    clusters = len(result.settings.clusters())
    if diff_tree(tree, out).clean:
        print(f"{out}: up to date, nothing written ({len(tree)} files for {clusters} clusters)")
        return 0
    write_tree(tree, out)
    print(f"{out}: wrote {len(tree)} files for {clusters} clusters ({rendered(result)})")
    return 0


def rendered(result: SynthResult) -> str:
    """``rendered k8s: aws-dev, gcp-staging/apps; terraform: none``: what this synth made rather than reused
    (a cluster's name stands for all its layers; ``all`` for every one of the synth's clusters)."""
    from fleetform.render.k8s_tree import LAYER_NAMES

    layers: dict[str, list[str]] = {}
    for unit in result.rendered:
        cluster, _, layer = unit.partition("/")
        layers.setdefault(cluster, []).append(layer)
    whole = [cluster for cluster, names in layers.items() if len(names) == len(LAYER_NAMES)]
    if len(whole) == len(result.clusters) and len(result.clusters) > 1:
        k8s = "all"
    else:
        k8s = ", ".join(c if c in whole else ", ".join(f"{c}/{n}" for n in names) for c, names in layers.items())
    terraform = "all" if len(result.synthesized) == len(result.clusters) > 1 else ", ".join(result.synthesized)
    return f"rendered k8s: {k8s or 'none'}; terraform: {terraform or 'none'}"
