"""``fleetform tfschema regenerate [PROVIDER...] [--out DIR]`` and ``fleetform tfschema check FILE...``."""

from __future__ import annotations

from pathlib import Path

from fleetform.arguments import ArgumentParser
from fleetform.errors import UserError

SUMMARY = "regenerate the bundled Terraform provider schemas"


def _parser() -> ArgumentParser:
    from fleetform.tfschema.providers import PROVIDERS
    from fleetform.tfschema.schema import SCHEMA_DIR

    parser = ArgumentParser(prog="fleetform tfschema", description="Terraform provider schemas: regenerate and check")
    commands = parser.add_subparsers(dest="command", required=True)
    regen = commands.add_parser("regenerate", help="derive the compact schemas from the cdktn provider wheels")
    regen.add_argument("providers", nargs="*", metavar="PROVIDER", help=f"default: {' '.join(PROVIDERS)}")
    regen.add_argument("--out", type=Path, default=SCHEMA_DIR, help="output folder (default: bundled schemas)")
    check = commands.add_parser("check", help="check cdk.tf.json files against the bundled schemas")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="cdk.tf.json files or folders")
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        return _check(args.paths)
    return _regenerate(args.providers, args.out)


def _regenerate(providers: list[str], out: Path) -> int:
    from fleetform.tfschema.providers import PROVIDERS
    from fleetform.tfschema.regenerate import regenerate

    for done in regenerate(providers or list(PROVIDERS), out):
        print(
            f"{done.path}: {done.package} ({done.provider} {done.version}): "
            f"{done.resources} resources, {done.data_sources} data sources, {done.size} bytes"
        )
    return 0


def _check(paths: list[Path]) -> int:
    from fleetform.findings.finding import format_finding
    from fleetform.tfschema.check import check_stack

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("cdk.tf.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise UserError(f"{path}: no such file or folder; expected a cdk.tf.json file or a folder")
    count = 0
    for file in files:
        for finding in check_stack(file):
            print(format_finding(finding))
            count += 1
    print(f"Summary: {len(files)} stack(s) checked, {count} finding(s)")
    return 1 if count else 0
