"""``fleetform check [PATH...]``: schema validation, policies, integrity, then a scan for credentials: the
gate of CI and pre-commit.

All run on the same paths (default ``dist/``; the scan also reads ``settings/`` then) with their default
(text) output; the exit code is the worst: 0 when all pass, 1 when any has findings, 2 when a file is bad
input (each bad file is reported, the others are checked) or the arguments are.
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
    parser.add_argument(
        "--cluster",
        action="append",
        default=[],
        metavar="CLOUD-ENV",
        help="check only this cluster's files under each PATH (k8s/<cluster>, terraform/<cluster>), "
        "e.g. aws-staging; repeatable, as synth --cluster",
    )
    args = parser.parse_args(argv)
    paths = _clusters([Path(path) for path in args.paths], args.cluster)
    print("== schema validation", flush=True)
    validated = _validate(paths)
    print("== policies", flush=True)
    policies = _policies(paths)
    print("== integrity", flush=True)
    integrity = _integrity(paths)
    print("== secrets", flush=True)
    return max(validated, policies, integrity, _secrets(paths))


def _clusters(roots: list[Path], clusters: list[str]) -> list[Path]:
    """``roots``, or with ``clusters`` the folders of those clusters in each output folder of ``roots``."""
    from fleetform.errors import UserError

    if not clusters:
        return roots
    paths: list[Path] = []
    for root in roots:
        known = sorted(p.name for p in (root / "k8s").glob("*") if p.is_dir())
        for cluster in clusters:
            found = [root / half / cluster for half in ("k8s", "terraform") if (root / half / cluster).is_dir()]
            if not found:
                raise UserError(
                    f"{root}: --cluster: no cluster '{cluster}' in this output folder; "
                    f"expected one of: {', '.join(known) or 'none (run fleetform synth)'}"
                )
            paths.extend(found)
    return paths


def _validate(paths: list[Path]) -> int:
    """``fleetform validate -strict -summary -output located PATH...`` against the platform's version."""
    from fleetform.errors import UserError
    from fleetform.validate.api import validate_paths
    from fleetform.validate.config import Config, default_kubernetes_version, default_workers
    from fleetform.validate.locations import normalize_version
    from fleetform.validate.output import RenderOptions, render
    from fleetform.validate.result import exit_code

    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder; expected a manifest file, a folder or -")
    version = normalize_version(default_kubernetes_version())
    results = validate_paths(paths, Config(kubernetes_version=version, strict=True, workers=default_workers()))
    sys.stdout.write(render(results, "located", RenderOptions(summary=True)))
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
    for error in report.errors:  # files that are bad input: each reported, the others checked
        print(f"error: {error}", file=sys.stderr)
    return 2 if report.errors else 1 if report.failed(threshold) else 0


def _secrets(paths: list[Path]) -> int:
    """Credentials in the paths and, for the default ``dist``, in ``settings/`` too: any fails the gate."""
    from fleetform.parse_cache import ParseCache, default_parse_cache_dir
    from fleetform.secrets.scan import scan_paths

    scanned = [*paths, Path("settings")] if paths == [Path("dist")] and Path("settings").is_dir() else paths
    report = scan_paths(scanned, ParseCache(default_parse_cache_dir()))
    sys.stdout.write("".join(f"{finding.text}\n" for finding in report.findings))
    print(report.summary)
    return 1 if report.findings else 0


def _integrity(paths: list[Path]) -> int:
    """``fleetform integrity PATH...``: every rule, the repository's waivers, failing on any finding."""
    from fleetform.errors import UserError
    from fleetform.integrity.api import check_paths
    from fleetform.integrity.report import render_text
    from fleetform.parse_cache import default_parse_cache_dir

    try:
        report = check_paths(paths, parse_cache_dir=default_parse_cache_dir())
    except UserError as err:  # a bad file: reported by the policies section too; the scan still runs
        print(f"error: {err.message}", file=sys.stderr)
        return 2
    sys.stdout.write(render_text(report))
    return 1 if report.failed() else 0
