"""``fleetform promote FROM TO``: TO takes FROM's release (version, images, chart pins), then dist/ is
synthesized again, so the step is one commit in which only TO's clusters change."""

from __future__ import annotations

import argparse
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "move a release on: dev → staging → production"

EPILOG = """\
A release reaches dev first (pins under 'release:' in settings/environments/dev.yaml, or platform.yaml's
shared ones), then 'fleetform promote dev staging', then 'fleetform promote staging production': each
step edits TO's file in place (a line per pin) and regenerates dist/; review it with 'fleetform diff' and
commit it. To roll back, 'git revert' the promotion's commit.
"""


def run(argv: list[str]) -> int:
    from fleetform.render.guard import synth_lock, use_scratch

    parser = ArgumentParser(
        prog="fleetform promote",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", metavar="FROM", help="the environment whose release is promoted, e.g. dev")
    parser.add_argument("target", metavar="TO", help="the environment that takes it, e.g. staging")
    parser.add_argument(
        "--settings", type=Path, default=Path("settings"), metavar="DIR", help="settings folder (default: settings)"
    )
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR", help="output folder (default: dist)")
    args = parser.parse_args(argv)
    with synth_lock(args.out), use_scratch(args.out):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from fleetform.commands.synth import rendered
    from fleetform.promote.apply import promote
    from fleetform.render.tree import write_tree
    from fleetform.synth import merged, synthesize

    promotion = promote(args.settings, args.source, args.target)
    if not promotion.changes:
        print(f"{args.target} already runs the release of {args.source}: nothing to promote")
        return 0
    for change in promotion.changes:
        print(f"{promotion.file.as_posix()}: {change.key}: {change.old} → {change.new}")
    result = synthesize(args.settings, out=args.out, exact=False)
    tree = merged(result, args.out)
    write_tree(tree, args.out)
    print(f"{args.out}: wrote {len(tree)} files for {len(result.settings.clusters())} clusters ({rendered(result)})")
    print(
        f"next: review with 'fleetform diff', commit as 'promote {args.source} → {args.target}'; "
        f"roll back with 'git revert <commit>'"
    )
    return 0
