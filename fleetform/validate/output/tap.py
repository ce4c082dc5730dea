"""kubeconform's ``tap`` output (TAP version 13): one test per result, empty files included; ``-summary``
and ``-verbose`` change nothing, as in kubeconform."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result


def _qualified(result: Result) -> str:
    return f"{result.api_version}/{result.kind}/{result.namespace}/{result.name}"


def _line(number: int, result: Result) -> str:
    status = result.status
    if status is Status.VALID:
        return f"ok {number} - {result.file} ({_qualified(result)})"
    if status is Status.INVALID:
        return f"not ok {number} - {result.file} ({_qualified(result)}): {result.error}"
    if status is Status.EMPTY:
        return f"ok {number} - {result.file} (empty)"
    if status is Status.ERROR:
        return f"not ok {number} - {result.file}: {result.error}"
    return f"ok {number} - {result.file} ({_qualified(result)}) # skip"


def render(results: list[Result], options: RenderOptions) -> str:
    lines = ["TAP version 13"] if results else []
    lines += [_line(number, result) for number, result in enumerate(results, start=1)]
    lines.append(f"1..{len(results)}")
    return "".join(f"{line}\n" for line in lines)
