"""kubeconform's ``tap`` output (TAP version 13)."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary


def render(results: list[Result], options: RenderOptions) -> str:
    shown = [r for r in results if r.status is not Status.EMPTY]
    lines = ["TAP version 13"]
    for number, result in enumerate(shown, start=1):
        subject = f"{result.where} ({result.identity})" if result.identity else result.where
        problems = "; ".join(f.detail for f in result.problems())
        if result.status in (Status.VALID, Status.SKIPPED):
            skip = f" # SKIP {problems}" if result.status is Status.SKIPPED else ""
            lines.append(f"ok {number} - {subject}{skip}")
        else:
            lines.append(f"not ok {number} - {subject} - {problems}")
    lines.append(f"1..{len(shown)}")
    if options.summary:
        lines.append(f"# {Summary.of(results).line()}")
    return "".join(f"{line}\n" for line in lines)
