"""kubeconform's command line (single-dash long flags; double-dash spellings accepted) -> :class:`Config`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from fleetform.arguments import ArgumentParser
from fleetform.errors import UserError
from fleetform.validate.config import Config, default_kubernetes_version, default_workers
from fleetform.validate.locations import normalize_version
from fleetform.validate.output import FORMATS, RenderOptions


@dataclass(frozen=True)
class Invocation:
    """A parsed ``fleetform validate`` command line."""

    paths: list[Path]
    config: Config
    output: str
    render: RenderOptions


def _flag(parser: argparse.ArgumentParser, name: str, **kwargs: object) -> None:
    parser.add_argument(f"-{name}", f"--{name}", **kwargs)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="fleetform validate",
        allow_abbrev=False,
        description="Validate Kubernetes manifests against their schemas (kubeconform-compatible), offline.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH|-", help="files, folders or - for stdin (default: dist/)")
    _flag(parser, "strict", action="store_true", help="reject unknown fields and duplicate keys")
    _flag(parser, "kubernetes-version", metavar="VERSION", help="default: settings/platform.yaml, else 1.35")
    _flag(
        parser,
        "schema-location",
        action="append",
        default=[],
        metavar="LOCATION",
        help="'default', a folder, or a kubeconform template (file or URL); repeatable",
    )
    _flag(parser, "cache", metavar="FOLDER", help="cache schemas fetched over HTTP in this folder")
    _flag(parser, "ignore-missing-schemas", action="store_true", help="skip resources without a schema")
    _flag(
        parser,
        "skip",
        action="append",
        default=[],
        metavar="KINDS",
        help="comma-separated kinds or GVKs to skip",
    )
    _flag(
        parser,
        "reject",
        action="append",
        default=[],
        metavar="KINDS",
        help="comma-separated kinds or GVKs to reject",
    )
    _flag(parser, "output", choices=sorted(FORMATS), default="text", help="output format (default: text)")
    _flag(parser, "summary", action="store_true", help="print a summary at the end")
    _flag(parser, "verbose", action="store_true", help="also list valid and skipped resources")
    parser.add_argument(
        "-n",
        "--workers",
        type=int,
        default=default_workers(),
        metavar="N",
        help="number of worker processes (default: CPUs, at most 4)",
    )
    _flag(parser, "exit-on-error", action="store_true", help="stop at the first file with an error")
    _flag(
        parser,
        "ignore-filename-pattern",
        action="append",
        default=[],
        metavar="REGEX",
        help="regular expression of paths to ignore; repeatable",
    )
    _flag(parser, "no-cel", action="store_true", help="do not evaluate CRD x-kubernetes-validations rules")
    return parser


def parse(argv: list[str]) -> Invocation:
    args = build_parser().parse_args(argv)
    if args.workers < 1:
        raise UserError(f"-n {args.workers}: not a worker count; expected 1 or more")
    for pattern in args.ignore_filename_pattern:
        _check_regex(pattern)
    for location in args.schema_location:
        _check_location(location)
    version = normalize_version(args.kubernetes_version or default_kubernetes_version())
    config = Config(
        kubernetes_version=version,
        strict=args.strict,
        schema_locations=tuple(args.schema_location),
        cache=Path(args.cache) if args.cache else None,
        ignore_missing_schemas=args.ignore_missing_schemas,
        skip=_kinds(args.skip),
        reject=_kinds(args.reject),
        ignore_filename_patterns=tuple(args.ignore_filename_pattern),
        workers=args.workers,
        exit_on_error=args.exit_on_error,
        cel=not args.no_cel,
    )
    paths = [Path(p) for p in args.paths] or [Path("dist")]
    return Invocation(paths, config, args.output, RenderOptions(summary=args.summary, verbose=args.verbose))


def _kinds(values: list[str]) -> frozenset[str]:
    return frozenset(kind.strip() for value in values for kind in value.split(",") if kind.strip())


def _check_location(location: str) -> None:
    if location == "default" or "{{" in location or location.startswith(("http://", "https://")):
        return
    if not Path(location).is_dir():
        raise UserError(f"-schema-location {location}: no such folder; expected 'default', a folder, or a template")


def _check_regex(pattern: str) -> None:
    import re

    try:
        re.compile(pattern)
    except re.error as err:
        raise UserError(f"-ignore-filename-pattern {pattern!r}: {err}; expected a regular expression") from None
