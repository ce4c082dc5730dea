"""kubeconform's ``text`` output, one line per finding: ``file:line: identity is invalid: path: reason``."""

from __future__ import annotations

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Status, Summary

_VERB = {
    Status.INVALID: "is invalid",
    Status.ERROR: "failed validation",
    Status.SKIPPED: "skipped",
    Status.VALID: "is valid",
}


def render(results: list[Result], options: RenderOptions) -> str:
    lines: list[str] = []
    for result in options.shown(results):
        subject = f"{result.identity} {_VERB[result.status]}" if result.identity else _VERB[result.status]
        problems = result.problems()
        if not problems:
            lines.append(f"{result.where}: {subject}")
        for line, problem in problems:
            where = f"{result.file}:{line}" if line is not None else result.file
            lines.append(f"{where}: {subject}: {problem}")
    if options.summary:
        lines.append(Summary.of(results).line())
    return "".join(f"{line}\n" for line in lines)
