"""The result of a policy run, as data; output formats render it, the CLI prints it."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.findings.finding import Finding
from fleetform.policy.model import Policy
from fleetform.policy.waivers import WaivedFinding, WaiverProblem


@dataclass(frozen=True)
class Report:
    """``findings`` are unwaived; ``waived`` are counted separately; ``policies`` ran on ``objects``."""

    findings: tuple[Finding, ...]
    waived: tuple[WaivedFinding, ...]
    waiver_problems: tuple[WaiverProblem, ...]
    policies: tuple[Policy, ...]
    objects: int
    #: The located message of each file that is bad input (not read, not checked); the CLI exits 2.
    errors: tuple[str, ...] = ()

    def blocking(self, threshold: str) -> list[Finding]:
        """Findings at or above ``threshold``: any of them means exit 1."""
        return [f for f in self.findings if f.at_least(threshold)]

    def failed(self, threshold: str) -> bool:
        return bool(self.blocking(threshold)) or any(p.problem == "expired" for p in self.waiver_problems)

    def summary(self, threshold: str) -> str:
        blocking = len(self.blocking(threshold))
        expired = sum(p.problem == "expired" for p in self.waiver_problems)
        unused = sum(p.problem == "unused" for p in self.waiver_problems)
        unread = f", {len(self.errors)} files not read (bad input)" if self.errors else ""
        return (
            f"{len(self.policies)} policies, {self.objects} objects: {len(self.findings)} findings "
            f"({blocking} at or above {threshold}), {len(self.waived)} waived, "
            f"{expired} expired waivers, {unused} unused waivers{unread}"
        )
