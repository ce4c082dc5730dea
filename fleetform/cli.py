"""The ``fleetform`` command line: the only place that prints and exits."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from fleetform import __version__
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
  fleetform check            # schema validation + policies on dist/: the gate of CI and pre-commit
  fleetform synth --check    # is the committed dist/ up to date? (CI)

'fleetform COMMAND --help' explains each command.
"""

#: Commands with a command line of their own (kubeconform-style flags for validate); argv after the name.
DELEGATED: dict[str, tuple[str, str]] = {
    "validate": ("fleetform.validate.cli:run", "schema-validate manifests (kubeconform-compatible flags)"),
    "policy": ("fleetform.policy.cli:run", "evaluate the policies/ on manifests and Terraform JSON"),
    "check": ("fleetform.commands.check:run", "validate + policy on dist/: the gate used by CI and pre-commit"),
    "schemas": ("fleetform.validate.cli:run_schemas", "import CRD schemas or regenerate the bundled ones"),
    "tfschema": ("fleetform.tfschema.cli:run", "regenerate the bundled Terraform provider schemas"),
}

#: Read-only commands: the console script exits without tearing the interpreter down after them (see
#: :func:`entry`).
FAST_EXIT = frozenset({"validate", "policy", "check"})

Command = Callable[[argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    from fleetform.commands import synth  # not imported by the delegated commands: it loads cdk8s' modules

    parser = argparse.ArgumentParser(
        prog="fleetform", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"fleetform {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    synth_parser = commands.add_parser(
        "synth",
        help="render every cluster into dist/ (or --check it)",
        description="Render every cluster's Kubernetes manifests into dist/.",
    )
    synth.add_arguments(synth_parser)
    synth_parser.set_defaults(func=synth.run)
    for name, (_, summary) in DELEGATED.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def run(argv: Sequence[str]) -> int:
    """Parse ``argv`` and run the command; returns the exit code."""
    if argv and argv[0] in DELEGATED:
        module, _, function = DELEGATED[argv[0]][0].partition(":")
        delegate: Callable[[list[str]], int] = getattr(importlib.import_module(module), function)
        return delegate(list(argv[1:]))
    args = _parser().parse_args(list(argv))
    func: Command = args.func
    return func(args)


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
    """Run ``func``, mapping expected errors to exit 2 and bugs to exit 3, never a traceback."""
    try:
        return func()
    except UserError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return 2
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
