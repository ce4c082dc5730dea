"""fleetform's ``located`` output, one line per finding: ``file:line: identity is invalid: path: reason``.

What ``fleetform check`` prints; ``fleetform validate -output located`` gives the same.
"""

from __future__ import annotations

from fleetform.findings.finding import format_finding
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary


def render(results: list[Result], options: RenderOptions) -> str:
    lines = [format_finding(f) for result in options.shown(results) for f in result.problems() or [result.outcome()]]
    if options.summary:
        lines.append(Summary.of(results).line(stdin=options.stdin))
    return "".join(f"{line}\n" for line in lines)
