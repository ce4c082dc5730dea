"""The result of a gate run, as data, and its text (the CLI prints it)."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.findings.finding import Finding
from fleetform.policy.waivers import WaivedFinding, WaiverProblem


@dataclass(frozen=True)
class Report:
    """``findings`` are unwaived; ``rules`` ran on ``clusters`` clusters of ``objects`` objects and resources."""

    findings: tuple[Finding, ...]
    waived: tuple[WaivedFinding, ...]
    waiver_problems: tuple[WaiverProblem, ...]
    rules: tuple[str, ...]
    clusters: int
    objects: int

    def failed(self) -> bool:
        """Any finding, or an expired waiver, fails the gate."""
        return bool(self.findings) or any(p.problem == "expired" for p in self.waiver_problems)

    @property
    def summary(self) -> str:
        expired = sum(p.problem == "expired" for p in self.waiver_problems)
        unused = sum(p.problem == "unused" for p in self.waiver_problems)
        return (
            f"{len(self.rules)} rules, {self.clusters} clusters, {self.objects} objects: "
            f"{len(self.findings)} findings, {len(self.waived)} waived, {expired} expired waivers, {unused} "
            "unused waivers"
        )


def render_text(report: Report) -> str:
    """One line per finding, then the waived findings, the waiver problems and the summary line."""
    lines = [f.text for f in report.findings]
    lines += [f"{w.finding.text} (waived by {w.waiver})" for w in report.waived]
    lines += [p.text for p in report.waiver_problems]
    lines.append(report.summary)
    return "\n".join(lines) + "\n"
