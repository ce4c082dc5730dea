"""GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message`` per finding."""

from __future__ import annotations

from fleetform.policy.findings import Finding
from fleetform.policy.report import Report


def _escape(text: str, property_value: bool = False) -> str:
    out = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return out.replace(":", "%3A").replace(",", "%2C") if property_value else out


def _command(f: Finding, threshold: str) -> str:
    level = "error" if f.at_least(threshold) else "warning"
    title = _escape(f"{f.policy} ({f.severity})", property_value=True)
    return f"::{level} file={_escape(f.file, True)},line={f.line},title={title}::{_escape(f'{f.object}: {f.message}')}"


def render(report: Report, threshold: str) -> str:
    lines = [_command(f, threshold) for f in report.findings]
    lines += [
        f"::warning file={_escape(p.waiver.file, True)},line={p.waiver.line}::{_escape(p.text)}"
        for p in report.waiver_problems
    ]
    lines.append(report.summary(threshold))
    return "\n".join(lines) + "\n"
