"""``fleetform policy [PATH...]``: evaluate the policies of ``policies/`` offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fleetform.arguments import ArgumentParser

SUMMARY = "evaluate the policies/ on manifests and Terraform JSON"

EPILOG = """\
Kubernetes policies are ValidatingAdmissionPolicies, evaluated here as the API server would for a CREATE
and emitted with their bindings by 'fleetform synth'. Fleet rules (cross-object) run only here.
exit codes: 0 ok, 1 unwaived findings at or above --fail-on (or an expired waiver), 2 bad input, 3 bug
"""


def _parser() -> ArgumentParser:
    from fleetform.findings.finding import SEVERITIES
    from fleetform.policy.formats import FORMATS
    from fleetform.policy.loader import DEFAULT_POLICIES

    parser = ArgumentParser(
        prog="fleetform policy",
        epilog=EPILOG,
        description="Check manifests and Terraform JSON against policies/.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("dist")],
        metavar="PATH",
        help="files or folders to check (default: dist)",
    )
    parser.add_argument(
        "--policies",
        type=Path,
        default=DEFAULT_POLICIES,
        metavar="DIR",
        help="policies folder (default: the policy library shipped with fleetform, the repository's policies/)",
    )
    parser.add_argument(
        "--waivers",
        type=Path,
        default=None,
        metavar="FILE",
        help="waivers file (default: <policies>/waivers.yaml if present)",
    )
    parser.add_argument("--policy", action="append", default=[], metavar="ID", help="only this policy (repeatable)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    parser.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--fail-on", choices=SEVERITIES, default="low", help="lowest severity that fails the run (default: low)"
    )
    parser.add_argument(
        "--test", action="store_true", help="run every policy's pass/ and fail/ fixtures against its expected.yaml"
    )
    parser.add_argument("--list", action="store_true", help="list the policies and exit")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write ~/.cache/fleetform/{cel,parse}: parse every file, compile the CEL not "
        "compiled ahead of time (<policies>/compiled.bin)",
    )
    parser.add_argument(
        "--compile",
        action="store_true",
        help="rewrite <policies>/compiled.bin (the library parsed and compiled ahead of time) and exit",
    )
    return parser


def run(argv: list[str]) -> int:
    from fleetform.cel.cache import default_cache_dir
    from fleetform.parse_cache import default_parse_cache_dir
    from fleetform.policy.api import check_paths
    from fleetform.policy.formats import FORMATS

    args = _parser().parse_args(argv)
    if args.test:
        return _self_test(args.policies, set(args.policy))
    if args.list:
        return _list(args.policies)
    if args.compile:
        from fleetform.policy.compiled import write_compiled

        print(f"wrote {write_compiled(args.policies).as_posix()}")
        return 0
    report = check_paths(
        args.paths,
        policies_dir=args.policies,
        waivers=args.waivers,
        only=args.policy,
        cache_dir=None if args.no_cache else default_cache_dir(),
        parse_cache_dir=None if args.no_cache else default_parse_cache_dir(),
    )
    rendered = FORMATS[args.format](report, args.fail_on)
    if args.output is not None:
        args.output.write_text(rendered, encoding="utf-8")
        print(report.summary(args.fail_on))
    else:
        sys.stdout.write(rendered)
    for error in report.errors:  # files that are bad input: each reported, the others checked
        print(f"error: {error}", file=sys.stderr)
    return 2 if report.errors else 1 if report.failed(args.fail_on) else 0


def _list(policies_dir: Path) -> int:
    from fleetform.cel.env import CelEngine
    from fleetform.policy.loader import load_policies

    for policy in load_policies(policies_dir, CelEngine()):
        print(f"{policy.id}\t{policy.kind}\t{policy.meta.severity}\t{policy.meta.title}")
    return 0


def _self_test(policies_dir: Path, only: set[str]) -> int:
    from fleetform.cel.env import CelEngine
    from fleetform.policy.fixtures import check_fixtures
    from fleetform.policy.loader import load_policies

    engine = CelEngine()
    failed = 0
    for policy in load_policies(policies_dir, engine):
        if only and policy.id not in only:
            continue
        result = check_fixtures(engine, policy)
        for problem in result.problems:
            print(problem)
        failed += bool(result.problems)
        print(f"{policy.id}: {'FAIL' if result.problems else 'ok'} ({result.objects} fixture objects)")
    return 1 if failed else 0
