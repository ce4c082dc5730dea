"""kubeconform's ``pretty`` output: a mark per resource and one indented line per finding."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary

_MARK = {Status.VALID: "✔", Status.INVALID: "✖", Status.ERROR: "✖", Status.SKIPPED: "-"}


def render(results: list[Result], options: RenderOptions) -> str:
    lines: list[str] = []
    for result in options.shown(results):
        lines.append(f"{_MARK[result.status]} {result.where}: {result.outcome().subject}")
        for f in result.problems():
            lines.append(f"    line {f.line}: {f.detail}" if f.line is not None else f"    {f.detail}")
    if options.summary:
        lines.append(Summary.of(results).line())
    return "".join(f"{line}\n" for line in lines)
