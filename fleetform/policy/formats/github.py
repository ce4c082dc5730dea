"""GitHub Actions workflow commands: ``::error file=...,line=...,title=...::message`` per finding."""

from __future__ import annotations

from fleetform.findings.finding import Finding
from fleetform.findings.github import command
from fleetform.policy.report import Report


def _annotation(f: Finding, threshold: str) -> str:
    level = "error" if f.at_least(threshold) else "warning"
    return command(level, f"{f.object}: {f.message}", file=f.file, line=f.line, title=f"{f.rule} ({f.severity})")


def render(report: Report, threshold: str) -> str:
    lines = [_annotation(f, threshold) for f in report.findings]
    lines += [command("warning", p.text, file=p.waiver.file, line=p.waiver.line) for p in report.waiver_problems]
    lines.append(report.summary(threshold))
    return "\n".join(lines) + "\n"
