"""``fleetform schemas import CRD.yaml... [-o DIR]`` and ``fleetform schemas regenerate [--check]``."""

from __future__ import annotations

import shutil
from pathlib import Path

from fleetform.arguments import ArgumentParser
from fleetform.errors import UserError

SUMMARY = "import CRD schemas or regenerate the bundled ones"


def _parser() -> ArgumentParser:
    parser = ArgumentParser(prog="fleetform schemas", allow_abbrev=False)
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="convert CRD YAML to strict JSON schemas")
    imp.add_argument("files", nargs="+", type=Path, metavar="CRD.yaml")
    imp.add_argument("-o", "--output", type=Path, help="write here (default: the bundled schemas, source kept)")
    regen = sub.add_parser("regenerate", help="rebuild every bundled CRD schema from its source")
    regen.add_argument("--check", action="store_true", help="only compare; exit 1 when out of date")
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "import":
        return _import(args.files, args.output)
    return _regenerate(args.check)


def _regenerate(check: bool) -> int:
    from fleetform.schemas import CRD_DIR
    from fleetform.schemas.build import build_all, differences, write

    schemas = build_all()
    if check:
        problems = differences(schemas)
        for problem in problems:
            print(f"{CRD_DIR}: {problem}")
        print(f"{len(schemas)} schemas, {len(problems)} out of date")
        return 1 if problems else 0
    write(schemas, CRD_DIR, prune=True)
    print(f"wrote {len(schemas)} schemas to {CRD_DIR}")
    return 0


def _import(files: list[Path], output: Path | None) -> int:
    from fleetform.schemas import CRD_DIR, SOURCE_DIR
    from fleetform.schemas.build import write
    from fleetform.schemas.crd import convert_crd_file

    for file in files:
        if not file.is_file():
            raise UserError(f"{file}: no such file; expected CRD YAML")
    converted = {name: schema for file in files for name, schema in convert_crd_file(file).items()}
    if output is None:
        SOURCE_DIR.mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copyfile(file, SOURCE_DIR / file.name)
    names = write(converted, output or CRD_DIR, prune=False)
    for name in names:
        print(f"wrote {(output or CRD_DIR) / name}")
    return 0
