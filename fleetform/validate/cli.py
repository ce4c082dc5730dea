"""``fleetform validate`` and ``fleetform schemas``: parse argv, run, print, return the exit code.

Exit codes: 0 valid, 1 invalid resources or errors (as kubeconform), 2 bad usage/input, 3 internal error
(a bug: raised to :func:`fleetform.cli.guarded`, which keeps the traceback in a crash log and prints one line).
"""

from __future__ import annotations

import sys

from fleetform.errors import UserError
from fleetform.validate.api import validate_paths
from fleetform.validate.args import parse
from fleetform.validate.output import render
from fleetform.validate.result import exit_code


def run(argv: list[str]) -> int:
    """``fleetform validate [flags] [PATH|-]...``."""
    try:
        invocation = parse(argv)
        results = validate_paths(invocation.paths, invocation.config)
        sys.stdout.write(render(results, invocation.output, invocation.render))
        return exit_code(results)
    except SystemExit as done:  # -h
        return int(done.code or 0)
    except UserError as err:
        print(f"fleetform validate: {err.message}", file=sys.stderr)
        return 2


def run_schemas(argv: list[str]) -> int:
    """``fleetform schemas import CRD.yaml... [-o DIR]`` / ``fleetform schemas regenerate [--check]``."""
    from fleetform.schemas.cli import main

    try:
        return main(argv)
    except SystemExit as done:
        return int(done.code or 0)
    except UserError as err:
        print(f"fleetform schemas: {err.message}", file=sys.stderr)
        return 2
