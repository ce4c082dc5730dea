"""Plain text: one line per finding (the shared finding shape), then waived findings, waiver problems and
a summary line."""

from __future__ import annotations

from fleetform.policy.report import Report


def render(report: Report, threshold: str) -> str:
    lines = [f"{f.text} ({f.severity})" for f in report.findings]
    lines += [f"{w.finding.text} (waived by {w.waiver})" for w in report.waived]
    lines += [p.text for p in report.waiver_problems]
    lines.append(report.summary(threshold))
    return "\n".join(lines) + "\n"
