"""Validation results as data: one :class:`Result` per resource (or per unreadable file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """kubeconform's resource statuses."""

    VALID = "valid"
    INVALID = "invalid"
    ERROR = "error"
    SKIPPED = "skipped"
    EMPTY = "empty"


@dataclass(frozen=True)
class Finding:
    """One schema violation: the JSON path (``spec.replicas``), the reason, and its line where known."""

    path: str
    message: str
    line: int | None = None

    @property
    def pointer(self) -> str:
        """The path as a JSON pointer (``/spec/replicas``), as kubeconform reports it."""
        if not self.path:
            return ""
        parts = self.path.replace("[", ".").replace("]", "").split(".")
        return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class Result:
    """The outcome for one resource, or for a whole file that could not be read (empty identity)."""

    file: str
    line: int | None
    status: Status
    api_version: str = ""
    kind: str = ""
    name: str = ""
    namespace: str = ""
    message: str = ""
    findings: tuple[Finding, ...] = field(default=())
    address: str = ""

    @property
    def identity(self) -> str:
        """``apps/v1 Deployment ml-prod/api``, a Terraform address, or ``""`` for a file-level error."""
        if self.address:
            return self.address
        if not self.kind:
            return ""
        name = f"{self.namespace}/{self.name}" if self.namespace else self.name
        head = f"{self.api_version} {self.kind}" if self.api_version else self.kind
        return f"{head} {name}" if name else head

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def problems(self) -> list[tuple[int | None, str]]:
        """``(line, "spec.replicas: reason")`` per finding, or the one error/skip message."""
        if self.findings:
            return [
                (
                    f.line if f.line is not None else self.line,
                    f"{f.path}: {f.message}" if f.path else f.message,
                )
                for f in self.findings
            ]
        return [(self.line, self.message)] if self.message else []


@dataclass(frozen=True)
class Summary:
    """Counts as in kubeconform's summary line."""

    resources: int
    files: int
    valid: int
    invalid: int
    errors: int
    skipped: int

    @classmethod
    def of(cls, results: list[Result]) -> Summary:
        counted = [r for r in results if r.status is not Status.EMPTY]
        count = {status: sum(1 for r in counted if r.status is status) for status in Status}
        return cls(
            resources=len(counted),
            files=len({r.file for r in results}),
            valid=count[Status.VALID],
            invalid=count[Status.INVALID],
            errors=count[Status.ERROR],
            skipped=count[Status.SKIPPED],
        )

    def line(self) -> str:
        res = "resource" if self.resources == 1 else "resources"
        fil = "file" if self.files == 1 else "files"
        return (
            f"Summary: {self.resources} {res} found in {self.files} {fil} - Valid: {self.valid}, "
            f"Invalid: {self.invalid}, Errors: {self.errors}, Skipped: {self.skipped}"
        )


def exit_code(results: list[Result]) -> int:
    """0 when everything is valid or skipped, 1 on any invalid resource or error (kubeconform)."""
    return 1 if any(r.status in (Status.INVALID, Status.ERROR) for r in results) else 0
