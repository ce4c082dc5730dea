"""kubeconform's ``pretty`` output: a coloured mark per resource (ANSI escapes), then the summary."""

from __future__ import annotations

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary

_RESET, _RED, _GREEN, _YELLOW = "\033[0m", "\033[31m", "\033[32m", "\033[33m"
_CHECK, _CROSS = "\u2714", "\u2716"


def _line(result: Result, verbose: bool) -> str | None:
    kind, name, where = result.kind, result.name, result.file
    if result.status is Status.VALID and verbose:
        return f"{_GREEN}{_CHECK}{_RESET} {where}: {_GREEN}{kind} {name} is valid{_RESET}"
    if result.status is Status.INVALID:
        return f"{_RED}{_CROSS}{_RESET} {where}: {_RED}{kind} {name} is invalid: {result.error}{_RESET}"
    if result.status is Status.ERROR:
        if kind and name:
            return f"{_RED}{_CROSS}{_RESET} {where}: {_RED}{kind} failed validation: {name} {result.error}{_RESET}"
        return f"{_RED}{_CROSS}{_RESET} {where}: {_RED}failed validation: {name} {result.error}{_RESET}"
    if result.status is Status.SKIPPED and verbose:
        what = f"{kind} {name} skipped" if kind and name else (f"{kind} skipped" if kind else "skipped")
        return f"{_YELLOW}-{_RESET} {where}: {_YELLOW}{what}{_RESET}"
    return None


def render(results: list[Result], options: RenderOptions) -> str:
    lines = [text for r in results if (text := _line(r, options.verbose)) is not None]
    if options.summary:
        lines.append(Summary.of(results).line(stdin=options.stdin))
    return "".join(f"{line}\n" for line in lines)
