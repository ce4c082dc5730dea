"""``fleetform check [PATH...]``: schema validation then policies, the gate of CI and pre-commit.

Both run on the same paths (default ``dist/``) with their default (text) output; the exit code is the
worse of the two: 0 when both pass, 1 when either has findings, 2 or 3 when either could not run.
"""

from __future__ import annotations

import argparse
import sys

from fleetform.policy import cli as policy_cli
from fleetform.validate import cli as validate_cli


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="fleetform check", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths", nargs="*", default=["dist"], metavar="PATH", help="files or folders to check (default: dist)"
    )
    args = parser.parse_args(argv)
    print("== schema validation", flush=True)
    validated = validate_cli.run(["-strict", "-summary", *args.paths])
    print("== policies", flush=True)
    sys.stdout.flush()
    checked = policy_cli.run(list(args.paths))
    return max(validated, checked)
