"""``fleetform synth``: render every cluster into ``dist/``; ``--check`` compares instead of writing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

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
    return parser


def run(argv: list[str]) -> int:
    from fleetform.render.guard import synth_lock, use_scratch

    args = _parser().parse_args(argv)
    with synth_lock(args.out, shared=args.check), use_scratch(args.out):  # one synth per folder at a time
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from fleetform.render.tree import diff_tree, write_tree
    from fleetform.synth import synthesize

    out: Path = args.out
    result = synthesize(args.settings, out=out, exact=args.check or args.exact)
    if args.check:
        diff = diff_tree(result.tree, out)
        if diff.clean:
            print(f"{out}: up to date ({len(result.tree)} files)")
            return 0
        for label, paths in (("missing", diff.added), ("differs", diff.changed), ("stale", diff.removed)):
            for path in paths:
                print(f"{out / path}: {label}")
        print(f"{out}: out of date; run 'fleetform synth' and commit the result", file=sys.stderr)
        return 1
    clusters = len(result.settings.clusters())
    if diff_tree(result.tree, out).clean:
        print(f"{out}: up to date, nothing written ({len(result.tree)} files for {clusters} clusters)")
        return 0
    write_tree(result.tree, out)
    print(f"{out}: wrote {len(result.tree)} files for {clusters} clusters")
    return 0
