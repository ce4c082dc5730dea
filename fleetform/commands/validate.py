"""``fleetform validate [OPTION]... [FILE OR FOLDER]...``: kubeconform's command line, offline.

kubeconform's flags, defaults, messages, output formats and exit codes: 0 valid, 1 invalid resources,
errors, or a bad command line (kubeconform's message and usage on stderr). No path (or ``-``): standard input.
``-output located`` prints fleetform's ``file:line: key.path: problem`` lines (what ``fleetform check`` prints).
"""

from __future__ import annotations

import sys

SUMMARY = "schema-validate manifests (kubeconform's command line, offline)"


def run(argv: list[str], prog: str = "fleetform validate") -> int:
    from fleetform import __version__
    from fleetform.validate.api import validate_paths
    from fleetform.validate.args import Exit, parse
    from fleetform.validate.output import render
    from fleetform.validate.result import exit_code

    try:
        invocation = parse(argv, prog, __version__)
    except Exit as done:
        (sys.stdout if done.stdout else sys.stderr).write(done.text)
        return done.code
    results = validate_paths(invocation.paths, invocation.config)
    sys.stdout.write(render(results, invocation.output, invocation.render))
    return exit_code(results)
