"""GitHub Actions annotations: ``::error file=...,line=...,title=...::message`` per finding."""

from __future__ import annotations

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Status, Summary


def render(results: list[Result], options: RenderOptions) -> str:
    lines: list[str] = []
    for result in results:
        if result.status not in (Status.INVALID, Status.ERROR):
            continue
        title = result.identity or "fleetform validate"
        for line, problem in result.problems():
            props = f"file={_prop(result.file)}" + (f",line={line}" if line is not None else "")
            lines.append(f"::error {props},title={_prop(title)}::{_data(problem)}")
    if options.summary:
        lines.append(f"::notice title=fleetform validate::{_data(Summary.of(results).line())}")
    return "".join(f"{line}\n" for line in lines)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
