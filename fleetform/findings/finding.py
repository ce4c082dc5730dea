"""One finding, whatever check made it, and the one function that renders it as a line::

    dist/k8s/aws-prod/apps/ml-prod/deployment-api.yaml:1: apps/v1 Deployment ml-prod/api: [POLICY-ID] message
    dist/k8s/aws-prod/apps/ml-prod/deployment-api.yaml:8: apps/v1 Deployment ml-prod/api is invalid: spec.x: why

A finding of a named rule (a policy) shows the rule id; one without (schema validation, whose rule is the
object's schema) shows the object's status instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """kubeconform's statuses of a checked object. A finding is ``invalid`` (it breaks a rule) or ``error``
    (it could not be checked); ``valid``, ``skipped`` and ``empty`` objects are reported without one."""

    VALID = "valid"
    INVALID = "invalid"
    ERROR = "error"
    SKIPPED = "skipped"
    EMPTY = "empty"


#: What follows an object in a line (``apps/v1 Deployment ml-prod/api is invalid``): the one wording of each
#: status, used by every output format.
STATUS_WORDS: dict[Status, str] = {
    Status.VALID: "is valid",
    Status.INVALID: "is invalid",
    Status.ERROR: "failed validation",
    Status.SKIPPED: "skipped",
}

#: Severities, lowest first: a run fails on the findings at or above its threshold.
SEVERITIES = ("low", "medium", "high", "critical")
#: The rule ids of the integrity gate (:mod:`fleetform.integrity`) start with this and no policy id does, so
#: one waivers file serves both: each check applies the waivers of its own rules.
GATE_RULE_PREFIX = "integrity-"


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One problem in one file.

    ``line`` is ``None`` when it is not known. ``object`` names what is wrong (``apps/v1 Deployment
    ml-prod/api``, a Terraform address; empty: the file itself), ``rule`` the id of the rule it breaks (a
    policy id; empty when the rule is the object's schema), ``path`` where inside the object
    (``spec.replicas``; empty: the object as a whole). ``severity`` is one of :data:`SEVERITIES`; checks
    without severities report ``high``. ``reason`` is the Kubernetes status reason an admission policy
    gives (``Invalid``, ``Forbidden``, ...)."""

    file: str
    line: int | None
    object: str = ""
    rule: str = ""
    path: str = ""
    message: str
    severity: str = "high"
    status: Status = Status.INVALID
    reason: str = "Invalid"

    @property
    def where(self) -> str:
        """``file:line``, or ``file`` when the line is not known."""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    @property
    def subject(self) -> str:
        """The object, followed by its status wording unless a rule id says what failed."""
        if self.rule:
            return self.object
        words = STATUS_WORDS[self.status]
        return f"{self.object} {words}" if self.object else words

    @property
    def detail(self) -> str:
        """``[RULE] path: message``, each part only when there is one."""
        tag = f"[{self.rule}] " if self.rule else ""
        inside = f"{self.path}: " if self.path else ""
        return f"{tag}{inside}{self.message}"

    @property
    def text(self) -> str:
        """The finding as one line: :func:`format_finding`."""
        return format_finding(self)

    def at_least(self, threshold: str) -> bool:
        """Whether the severity is ``threshold`` (one of :data:`SEVERITIES`) or higher."""
        return SEVERITIES.index(self.severity) >= SEVERITIES.index(threshold)

    @property
    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        return (self.file, self.line or 0, self.object, self.rule, self.path, self.message)


def format_finding(finding: Finding) -> str:
    """``<file>:<line>: <subject>: <detail>``: the one line every command prints for a finding."""
    return ": ".join(part for part in (finding.where, finding.subject, finding.detail) if part)
