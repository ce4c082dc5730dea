"""``fleetform integrity [PATH...]``: the gate that proves the pieces connect, per cluster, offline.

For each ``<cloud>-<env>`` cluster of the tree (``dist/k8s/<cluster>/`` with ``dist/terraform/<cluster>/
cdk.tf.json``), every rule checks what a running cluster would need: names resolve, selectors select,
controllers are installed, the Kubernetes and Terraform halves agree, capacity can arrive, alerts can fire.
Findings have the policies' shape and are waived the same way (``policies/waivers.yaml``, ``policy:``
naming the rule id). Exit 1 on any unwaived finding or expired waiver.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "check that the pieces of each cluster connect"


def run(argv: list[str]) -> int:
    from fleetform.integrity.rules import RULES

    rules = "\n".join(f"  {rule.ID}: {rule.SUMMARY}" for rule in RULES)
    parser = ArgumentParser(
        prog="fleetform integrity",
        description=__doc__,
        epilog=f"rules:\n{rules}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", default=["dist"], metavar="PATH", help="files or folders to check (default: dist)"
    )
    parser.add_argument("--waivers", metavar="FILE", help="waivers file (default: the policies folder's waivers.yaml)")
    parser.add_argument("--no-cache", action="store_true", help="parse every file again (no parse cache)")
    args = parser.parse_args(argv)
    from fleetform.integrity.api import check_paths
    from fleetform.integrity.report import render_text
    from fleetform.parse_cache import default_parse_cache_dir

    report = check_paths(
        [Path(p) for p in args.paths],
        waivers=Path(args.waivers) if args.waivers else None,
        parse_cache_dir=None if args.no_cache else default_parse_cache_dir(),
    )
    sys.stdout.write(render_text(report))
    return 1 if report.failed() else 0
