"""kubeconform's command line (Go ``flag`` rules, see :mod:`.goflags`) -> an :class:`Invocation`.

Same flags, defaults, usage text and start-up errors as kubeconform (exit 1, message on stderr); fleetform
adds ``-no-cel`` and the output formats ``located`` (``file:line: key.path: problem``), ``sarif`` and
``github``. Start-up problems raise :class:`Exit` with what to print and the exit code.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from fleetform.validate.config import Config
from fleetform.validate.goflags import Flag, FlagError, FlagSet
from fleetform.validate.locations import check_template
from fleetform.validate.output import FORMATS, RenderOptions

KUBECONFORM_FORMATS = ("json", "junit", "pretty", "tap", "text")
_VERSION = re.compile(r"^(master|\d+\.\d+\.\d+)$")


class Exit(Exception):
    """Stop before validating: print ``text`` (to stdout when ``stdout``) and exit with ``code``."""

    def __init__(self, text: str, code: int = 1, *, stdout: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.code = code
        self.stdout = stdout


@dataclass(frozen=True)
class Invocation:
    """A parsed ``fleetform validate`` command line; no ``paths`` means standard input."""

    paths: list[str]
    config: Config
    output: str
    render: RenderOptions


def _version_problem(value: str) -> str | None:
    if _VERSION.match(value):
        return None
    return f'{value} is not a valid version. Valid values are "master" (default) or full version x.y.z (e.g. "1.27.2")'


FLAGS = FlagSet(
    [
        Flag(
            "kubernetes-version",
            "text",
            "version of Kubernetes to validate against, e.g.: 1.18.0",
            "master",
            _version_problem,
        ),
        Flag("schema-location", "list", "override schemas location search path (can be specified multiple times)"),
        Flag("skip", "string", "comma-separated list of kinds or GVKs to ignore"),
        Flag("reject", "string", "comma-separated list of kinds or GVKs to reject"),
        Flag("debug", "bool", "print debug information"),
        Flag("exit-on-error", "bool", "immediately stop execution when the first error is encountered"),
        Flag("ignore-missing-schemas", "bool", "skip files with missing schemas instead of failing"),
        Flag(
            "ignore-filename-pattern",
            "list",
            "regular expression specifying paths to ignore (can be specified multiple times)",
        ),
        Flag("summary", "bool", "print a summary at the end (ignored for junit output)"),
        Flag("n", "int", "number of goroutines to run concurrently", "4"),
        Flag("strict", "bool", "disallow additional properties not in schema or duplicated keys"),
        Flag("output", "string", "output format - json, junit, pretty, tap, text", "text"),
        Flag("verbose", "bool", "print results for all resources (ignored for tap and junit output)"),
        Flag(
            "insecure-skip-tls-verify",
            "bool",
            "disable verification of the server's SSL certificate. This will make your HTTPS connections insecure",
        ),
        Flag("cache", "string", "cache schemas downloaded via HTTP to this folder"),
        Flag("h", "bool", "show help information"),
        Flag("v", "bool", "show version information"),
        Flag("no-cel", "bool", "fleetform: do not evaluate CRD x-kubernetes-validations rules"),
    ]
)


def parse(argv: list[str], prog: str = "fleetform validate", version: str = "") -> Invocation:
    """The invocation of ``argv``; raises :class:`Exit` for help, version and every start-up error."""
    if argv[:1] in (["-help"], ["--help"]):  # Go prints the usage as an error here; fleetform treats it as -h
        raise Exit(FLAGS.usage(prog), 0, stdout=True)
    try:
        parsed = FLAGS.parse(argv)
    except FlagError as err:
        raise Exit(f"{err.message}\n{FLAGS.usage(prog)}") from None
    values = parsed.values
    if values["h"]:
        raise Exit(FLAGS.usage(prog), 0, stdout=True)
    if values["v"]:
        raise Exit(f"{version}\n", 0, stdout=True)
    paths = [] if parsed.args in ([], ["-"]) else parsed.args
    if not paths:
        _check_stdin()
    output = str(values["output"])
    if output not in FORMATS:
        raise Exit("'outputFormat' must be 'json', 'junit', 'pretty', 'tap' or 'text'\n")
    locations = tuple(str(v) for v in values["schema-location"]) or ("default",)  # type: ignore[attr-defined]
    for location in locations:
        if (problem := check_template(location)) is not None:
            raise Exit(problem + "\n")
    cache = str(values["cache"])
    if cache:
        _check_cache(cache)
    patterns = tuple(str(p) for p in values["ignore-filename-pattern"])  # type: ignore[attr-defined]
    for pattern in patterns:
        _check_regex(pattern)
    workers = int(values["n"])  # type: ignore[call-overload]
    if workers < 1:
        raise Exit(f'invalid value "{workers}" for flag -n: fleetform needs 1 or more\n{FLAGS.usage(prog)}')
    config = Config(
        kubernetes_version=str(values["kubernetes-version"]),
        strict=bool(values["strict"]),
        schema_locations=locations,
        cache=Path(cache) if cache else None,
        ignore_missing_schemas=bool(values["ignore-missing-schemas"]),
        skip=_kinds(str(values["skip"])),
        reject=_kinds(str(values["reject"])),
        ignore_filename_patterns=patterns,
        workers=workers,
        exit_on_error=bool(values["exit-on-error"]),
        cel=not values["no-cel"],
    )
    options = RenderOptions(summary=bool(values["summary"]), verbose=bool(values["verbose"]), stdin=not paths)
    return Invocation(paths, config, output, options)


def _kinds(value: str) -> frozenset[str]:
    return frozenset(kind.strip() for kind in value.split(",") if kind.strip())


def _check_stdin() -> None:
    """kubeconform reads standard input only when it is not a terminal or a device (``/dev/null``)."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):  # not a file descriptor (an in-memory stream): readable
        return
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        raise Exit("failing to read data from stdin\n") from None
    if stat.S_ISCHR(mode):
        raise Exit("failing to read data from stdin\n")


def _check_cache(folder: str) -> None:
    try:
        info = os.stat(folder)
    except OSError as err:
        reason = "no such file or directory" if isinstance(err, FileNotFoundError) else str(err.strerror).lower()
        raise Exit(f"failed opening cache folder {folder}: stat {folder}: {reason}\n") from None
    if not stat.S_ISDIR(info.st_mode):
        raise Exit("cache folder %!s(<nil>) is not a directory\n")  # kubeconform prints its nil error


def _check_regex(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as err:
        raise Exit(f"error parsing regexp: {err}: `{pattern}`\n") from None
