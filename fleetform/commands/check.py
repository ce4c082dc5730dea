"""``fleetform check [PATH...]``: schema validation, policies, then integrity, the gate of CI and pre-commit.

All run on the same paths (default ``dist/``) with their default (text) output; the exit code is the
worst of the three: 0 when all pass, 1 when any has findings. Bad input stops the gate at once (exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "validate + policy + integrity: the gate of CI and pre-commit"


def run(argv: list[str]) -> int:
    parser = ArgumentParser(
        prog="fleetform check", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths", nargs="*", default=["dist"], metavar="PATH", help="files or folders to check (default: dist)"
    )
    paths = [Path(path) for path in parser.parse_args(argv).paths]
    print("== schema validation", flush=True)
    validated = _validate(paths)
    print("== policies", flush=True)
    policies = _policies(paths)
    print("== integrity", flush=True)
    return max(validated, policies, _integrity(paths))


def _validate(paths: list[Path]) -> int:
    """``fleetform validate -strict -summary PATH...``."""
    from fleetform.validate.api import validate_paths
    from fleetform.validate.config import Config, default_kubernetes_version, default_workers
    from fleetform.validate.locations import normalize_version
    from fleetform.validate.output import RenderOptions, render
    from fleetform.validate.result import exit_code

    version = normalize_version(default_kubernetes_version())
    results = validate_paths(paths, Config(kubernetes_version=version, strict=True, workers=default_workers()))
    sys.stdout.write(render(results, "text", RenderOptions(summary=True)))
    sys.stdout.flush()
    return exit_code(results)


def _policies(paths: list[Path]) -> int:
    """``fleetform policy PATH...``: every policy, the repository's waivers, text, failing on any finding."""
    from fleetform.cel.cache import default_cache_dir
    from fleetform.findings.finding import SEVERITIES
    from fleetform.parse_cache import default_parse_cache_dir
    from fleetform.policy.api import check_paths
    from fleetform.policy.formats.text import render

    report = check_paths(paths, cache_dir=default_cache_dir(), parse_cache_dir=default_parse_cache_dir())
    threshold = SEVERITIES[0]  # the lowest: every unwaived finding fails the gate
    sys.stdout.write(render(report, threshold))
    return 1 if report.failed(threshold) else 0


def _integrity(paths: list[Path]) -> int:
    """``fleetform integrity PATH...``: every rule, the repository's waivers, failing on any finding."""
    from fleetform.integrity.api import check_paths
    from fleetform.integrity.report import render_text
    from fleetform.parse_cache import default_parse_cache_dir

    report = check_paths(paths, parse_cache_dir=default_parse_cache_dir())
    sys.stdout.write(render_text(report))
    return 1 if report.failed() else 0
