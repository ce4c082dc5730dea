"""Findings as data, and the one function that renders a finding as a line."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.policy.model import SEVERITIES


def format_finding(file: str, line: int, obj: str, policy_id: str, message: str) -> str:
    """``dist/k8s/aws-prod/deployment-api.yaml:12: apps/v1 Deployment ml-prod/api: [POLICY-ID] message``.

    The same shape as ``fleetform validate``'s findings; every output format uses this for its text.
    """
    return f"{file}:{line}: {obj}: [{policy_id}] {message}"


@dataclass(frozen=True)
class Finding:
    """One policy violation of one object."""

    file: str
    line: int
    object: str
    policy: str
    severity: str
    message: str
    reason: str = "Invalid"

    @property
    def text(self) -> str:
        return format_finding(self.file, self.line, self.object, self.policy, self.message)

    def at_least(self, threshold: str) -> bool:
        return SEVERITIES.index(self.severity) >= SEVERITIES.index(threshold)

    @property
    def sort_key(self) -> tuple[str, int, str, str, str]:
        return (self.file, self.line, self.object, self.policy, self.message)
