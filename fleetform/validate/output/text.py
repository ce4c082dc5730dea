"""kubeconform's ``text`` output: ``<file> - <Kind> <name> is invalid: <error>``, and its summary line."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary


def line(result: Result) -> str | None:
    """kubeconform's line for one result (valid and skipped ones: shown with ``-verbose``)."""
    status, kind, name = result.status, result.kind, result.name
    if status is Status.VALID:
        return f"{result.file} - {kind} {name} is valid"
    if status is Status.INVALID:
        return f"{result.file} - {kind} {name} is invalid: {result.error}"
    if status is Status.ERROR:
        if kind and name:
            return f"{result.file} - {kind} {name} failed validation: {result.error}"
        return f"{result.file} - failed validation: {result.error}"
    if status is Status.SKIPPED:
        return f"{result.file} - {name} {kind} skipped"  # sic: kubeconform puts the name first here
    return None


def render(results: list[Result], options: RenderOptions) -> str:
    lines = [text for r in options.shown(results) if (text := line(r)) is not None]
    if options.summary:
        lines.append(Summary.of(results).line(stdin=options.stdin))
    return "".join(f"{text}\n" for text in lines)
