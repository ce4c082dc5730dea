"""``fleetform validate [flags] [PATH|-]...``: kubeconform-compatible schema validation, offline.

Exit codes as kubeconform's: 0 valid, 1 invalid resources or errors; and 2 for bad usage or input.
"""

from __future__ import annotations

import sys

SUMMARY = "schema-validate manifests (kubeconform-compatible flags)"


def run(argv: list[str]) -> int:
    from fleetform.validate.api import validate_paths
    from fleetform.validate.args import parse  # kubeconform's single-dash flags
    from fleetform.validate.output import render
    from fleetform.validate.result import exit_code

    invocation = parse(argv)
    results = validate_paths(invocation.paths, invocation.config)
    sys.stdout.write(render(results, invocation.output, invocation.render))
    return exit_code(results)
