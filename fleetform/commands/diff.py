"""``fleetform diff [--base REF] [PATH...]``: what a change does to each cluster, ranked.

dist/ at REF (default: the merge base of HEAD with the main branch) against the working tree. Kubernetes
objects are matched by apiVersion/kind/namespace/name and Terraform blocks by address, whatever file holds
them: a renamed file is not a change. On top, what matters, riskiest first: Terraform resources destroyed,
deletion protection or encryption turned off, public exposure added, RBAC and IAM, security contexts,
NetworkPolicies and AuthorizationPolicies, admission policies and waivers, images, chart versions, Flux
sources and intervals, replicas and autoscaling bounds, resources. The same edit on many objects or
clusters is one line with a count; an edit that reaches every environment at once is said first.

Exit 0, or with --exit-code 1 when there are changes (as git diff --exit-code).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "what a change does to each cluster, riskiest first"
COLOURS = ("auto", "always", "never")


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="fleetform diff", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="only these files or folders of dist")
    parser.add_argument(
        "--base",
        metavar="REF",
        help="the commit to compare with (default: the merge base with origin/HEAD, origin/main, main, "
        "origin/master or master, the first that exists)",
    )
    parser.add_argument("--dist", type=Path, default=Path("dist"), metavar="DIR", help="output folder (default: dist)")
    parser.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown (a pull-request comment, within GitHub's 65,536 characters) or json",
    )
    parser.add_argument(
        "--color",
        choices=COLOURS,
        default="auto",
        help="colour the text output: auto (default: on a terminal, unless NO_COLOR is set), always, never",
    )
    parser.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
    parser.add_argument("--no-cache", action="store_true", help="parse every changed file again (no parse cache)")
    return parser


def run(argv: list[str]) -> int:
    from fleetform.diff.api import diff_dist
    from fleetform.diff.formats import FORMATS, Options
    from fleetform.parse_cache import default_parse_cache_dir

    args = _parser().parse_args(argv)
    cache = None if args.no_cache else default_parse_cache_dir()
    report = diff_dist(cwd=Path.cwd(), dist=args.dist, paths=args.paths, base=args.base, cache_dir=cache)
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    sys.stdout.write(FORMATS[args.format](report, Options(colour=colour and args.format == "text")))
    return 1 if args.exit_code and not report.empty else 0
