"""The ``fleetform`` command line: the one table of commands and the one place that maps errors to exit codes.

Every command is a module of :mod:`fleetform.commands`, listed in :data:`COMMANDS`, with ``SUMMARY`` and
``run(argv) -> int``. Errors are handled here, the same for every command (:func:`guarded`):

- bad input, usage errors included, is a :class:`~fleetform.errors.UserError`: one line
  ``error: <message>`` on stderr, exit 2;
- any other exception is a bug: one line ``fleetform: an unexpected error has occurred: ...`` naming a
  crash log that holds the traceback, exit 3;
- a closed output pipe (``fleetform check | head``) ends the run quietly with 141, as SIGPIPE would.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from fleetform import __version__
from fleetform.arguments import ArgumentParser
from fleetform.commands import check, diff, images, integrity, policy, promote, schemas, synth, tfschema, validate
from fleetform.errors import UserError

DESCRIPTION = """\
Generate and check the GitOps manifests of the ML serving platform.

The platform is described once, in settings/ (platform.yaml, environments/<env>.yaml,
clouds/<cloud>.yaml) and in the Python constructs of the fleetform package. 'fleetform synth'
renders every <cloud>-<environment> cluster into dist/, which is committed and synced by Flux.
"""

EPILOG = """\
exit codes: 0 ok, 1 findings (e.g. dist/ is stale), 2 bad input, 3 internal error, 141 output pipe closed

typical loop:
  edit settings/ or the constructs, then
  fleetform synth            # regenerate dist/ (unchanged parts are reused)
  fleetform check            # schema validation + policies + integrity on dist/: the gate of CI and pre-commit
  fleetform synth --check    # is the committed dist/ up to date? (CI)
  fleetform diff             # what the change does to each cluster, ranked (CI posts it on the PR)
  fleetform promote dev staging   # then staging production: a release moves one environment per commit

'fleetform COMMAND --help' explains each command.
"""


class Command(Protocol):
    """A module of :mod:`fleetform.commands`."""

    #: The command's line in ``fleetform --help``.
    SUMMARY: str

    def run(self, argv: list[str]) -> int:
        """Run with the arguments after the command's name; returns the exit code."""


#: Every command, by name, in the order of ``fleetform --help``.
COMMANDS: dict[str, Command] = {
    "synth": synth,
    "validate": validate,
    "policy": policy,
    "check": check,
    "integrity": integrity,
    "diff": diff,
    "promote": promote,
    "images": images,
    "schemas": schemas,
    "tfschema": tfschema,
}

#: Read-only commands: the console script exits without tearing the interpreter down after them (see
#: :func:`entry`).
FAST_EXIT = frozenset({"validate", "policy", "check", "integrity", "diff", "images"})


def _parser() -> ArgumentParser:
    import argparse

    class Formatter(argparse.RawDescriptionHelpFormatter):
        """Counts the indent of the command names when it lines up their summaries (argparse measures them
        one level short, which pushed a nine-letter name's summary to the next line)."""

        def add_argument(self, action: argparse.Action) -> None:
            super().add_argument(action)
            for sub in self._iter_indented_subactions(action):  # yields with the indent of the names
                width = len(self._format_action_invocation(sub)) + self._current_indent
                self._action_max_length = max(self._action_max_length, width)

    parser = ArgumentParser(prog="fleetform", description=DESCRIPTION, epilog=EPILOG, formatter_class=Formatter)
    parser.add_argument("--version", action="version", version=f"fleetform {__version__}")
    names = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        names.add_parser(name, help=command.SUMMARY, add_help=False)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run the command ``argv`` names with the rest of ``argv``; returns the exit code."""
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]].run(list(argv[1:]))
    args, rest = _parser().parse_known_args(list(argv))  # --help, --version, a usage error, or a command after "--"
    return COMMANDS[args.command].run(rest)


def main(argv: Sequence[str] | None = None) -> int:
    """Console entry point."""
    return guarded(lambda: run(sys.argv[1:] if argv is None else argv))


def entry() -> None:  # pragma: no cover - the console script; tests run main() or the script itself
    """The ``fleetform`` console script: :func:`main`, then exit.

    After a read-only command (:data:`FAST_EXIT`) has printed its report, the process ends with
    ``os._exit`` once stdout and stderr are flushed: freeing every parsed object and compiled CEL program
    one by one at interpreter shutdown costs ~50 ms, a sixth of a ``fleetform policy`` run, for nothing.
    Those commands hold no open files, threads or exit handlers by then."""
    code = main()
    if len(sys.argv) > 1 and sys.argv[1] in FAST_EXIT:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: the report could not be written anyway
                code = code or 1
        os._exit(code)
    sys.exit(code)


def guarded(func: Callable[[], int]) -> int:
    """Run ``func`` (a command, or an app entry), mapping its errors to exit codes, never a traceback."""
    try:
        return func()
    except UserError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help and --version print, then exit 0
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`fleetform check | head`): nothing left to tell it
        _discard_stdout()
        return 141  # as a process killed by SIGPIPE (128 + 13), which shells and `set -o pipefail` know
    except Exception as err:  # a bug: keep the details, show one line
        import tempfile
        import traceback

        with tempfile.NamedTemporaryFile("w", prefix="fleetform-crash-", suffix=".log", delete=False) as log:
            traceback.print_exc(file=log)
        print(
            f"fleetform: an unexpected error has occurred: {type(err).__name__}: {err} (details in {log.name})",
            file=sys.stderr,
        )
        return 3


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not raise a second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (captured in tests): nothing to redirect
        pass


if __name__ == "__main__":  # pragma: no cover
    entry()
