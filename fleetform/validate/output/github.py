"""GitHub Actions annotations: ``::error file=...,line=...,title=...::message`` per finding."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.findings.github import command
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary


def render(results: list[Result], options: RenderOptions) -> str:
    lines = [
        command("error", f.detail, file=f.file, line=f.line, title=f.object or "fleetform validate")
        for result in results
        if result.status in (Status.INVALID, Status.ERROR)
        for f in result.problems()
    ]
    if options.summary:
        lines.append(command("notice", Summary.of(results).line(), title="fleetform validate"))
    return "".join(f"{line}\n" for line in lines)
