"""``fleetform schemas``: the bundled upstream data (CRD and chart values schemas, supported versions).

``list``: every CRD schema ``fleetform validate`` uses by default (group, kind, version, the component version
it comes from, its source); ``pins``: the pinned components with their end of support (``--readme``
rewrites the README's table); ``vendor --from DIR``: derive every vendored artefact from upstream files;
``import CRD.yaml...``: add your own CRDs; ``regenerate``: rebuild the imported ones from their sources.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from fleetform.arguments import ArgumentParser
from fleetform.errors import UserError

SUMMARY = "vendored upstream data: CRD schemas, pins and their support"
README = Path("README.md")


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="fleetform schemas", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="the CRD schemas used by default, with their component version and source")
    pins = sub.add_parser("pins", help="the pinned components and their end of support")
    pins.add_argument("--readme", action="store_true", help=f"rewrite the table in {README}")
    pins.add_argument("--check", action="store_true", help="with --readme: only compare; exit 1 when stale")
    vendor = sub.add_parser("vendor", help="derive the vendored data of the component versions in DIR")
    vendor.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR", help="upstream files")
    vendor.add_argument("--check", action="store_true", help="only compare; exit 1 when out of date")
    imp = sub.add_parser("import", help="convert CRD YAML to strict JSON schemas")
    imp.add_argument("files", nargs="+", type=Path, metavar="CRD.yaml")
    imp.add_argument("-o", "--output", type=Path, help="write here (default: the bundled schemas, source kept)")
    regen = sub.add_parser("regenerate", help="rebuild every imported CRD schema from its source")
    regen.add_argument("--check", action="store_true", help="only compare; exit 1 when out of date")
    return parser


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "list":
        return _list()
    if args.command == "pins":
        return _pins(args.readme, args.check)
    if args.command == "vendor":
        return _vendor(args.source, args.check)
    if args.command == "import":
        return _import(args.files, args.output)
    return _regenerate(args.check)


def _list() -> int:
    from fleetform.schemas.catalog import bundled_schemas

    for schema in bundled_schemas().values():
        group, _, version = schema.group_kind_version
        kind = json.loads(schema.path.read_text(encoding="utf-8"))["properties"]["kind"]["enum"][0]
        origin = f"{schema.pin} ({_source(schema.path.parent.parent.parent)})" if schema.pin else "imported"
        print(f"{group}/{version} {kind}: {origin}")
    return 0


def _source(folder: Path) -> str:
    """``owner/repo tag`` of the upstream files of a vendored component version (its first repository)."""
    from fleetform.versions.vendored import SOURCE

    data = json.loads((folder / SOURCE).read_text(encoding="utf-8"))
    upstream = data["upstream"][0]
    first = upstream["repos"][0] if "repos" in upstream else upstream
    return f"{first['repo']} {first.get('tag') or first['commit'][:12]}"


def _pins(readme: bool, check: bool) -> int:
    from fleetform.schemas.catalog import default_pins
    from fleetform.versions.table import markdown, replace_section

    table = markdown(default_pins())
    if not readme:
        print(table, end="")
        return 0
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    updated = replace_section(text, table)
    if updated is None:
        raise UserError(f"{README}: no pins section; expected the table's begin and end markers in it")
    if check:
        stale = updated != text
        print(f"{README}: pins table {'out of date' if stale else 'up to date'}")
        return 1 if stale else 0
    README.write_text(updated, encoding="utf-8")
    print(f"wrote the pins table of {README}")
    return 0


def _vendor(source: Path, check: bool) -> int:
    from fleetform.schemas.vendor import differences, vendor, write
    from fleetform.versions.vendored import VENDORED

    if not source.is_dir():
        raise UserError(f"{source}: no such folder; expected the upstream files (README: 'Vendored upstream data')")
    tree = vendor(source)
    if check:
        problems = differences(tree)
        for problem in problems:
            print(f"{VENDORED}: {problem}")
        print(f"{len(tree)} files, {len(problems)} out of date")
        return 1 if problems else 0
    write(tree)
    print(f"wrote {len(tree)} files to {VENDORED}")
    return 0


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
