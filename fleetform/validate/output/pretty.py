"""kubeconform's ``pretty`` output: a mark per resource and one indented line per finding."""

from __future__ import annotations

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Status, Summary

_MARK = {Status.VALID: "✔", Status.INVALID: "✖", Status.ERROR: "✖", Status.SKIPPED: "-"}
_VERB = {
    Status.VALID: "is valid",
    Status.INVALID: "is invalid",
    Status.ERROR: "failed validation",
    Status.SKIPPED: "skipped",
}


def render(results: list[Result], options: RenderOptions) -> str:
    lines: list[str] = []
    for result in options.shown(results):
        subject = f"{result.identity} " if result.identity else ""
        lines.append(f"{_MARK[result.status]} {result.where}: {subject}{_VERB[result.status]}")
        for line, problem in result.problems():
            lines.append(f"    line {line}: {problem}" if line is not None else f"    {problem}")
    if options.summary:
        lines.append(Summary.of(results).line())
    return "".join(f"{line}\n" for line in lines)
