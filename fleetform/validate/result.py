"""Validation results as data: one :class:`Result` per resource (or per unreadable file)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fleetform.findings.finding import Finding, Status


@dataclass(frozen=True)
class Result:
    """The outcome for one resource, or for a whole file that could not be read (empty identity).

    ``findings`` are the schema violations of an ``invalid`` resource; ``message`` says why a resource
    failed validation or was skipped, in fleetform's words (``file:line``, key path, the fix). ``error`` is
    kubeconform's text for the same outcome (``problem validating schema. ...``, ``missing 'kind' key``) and
    ``schema_errors`` its ``validationErrors`` (JSON pointer, message): what the kubeconform formats show."""

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
    error: str = ""
    schema_errors: tuple[tuple[str, str], ...] = field(default=())

    @property
    def identity(self) -> str:
        """``apps/v1 Deployment ml-prod/api``, a Terraform address, or ``""`` for a file-level error."""
        if self.address:
            return self.address
        if not self.kind:
            return ""
        name = f"{self.namespace}/{self.name}" if self.namespace else self.name
        name, kind = shortened(name), shortened(self.kind)
        head = f"{shortened(self.api_version)} {kind}" if self.api_version else kind
        return f"{head} {name}" if name else head

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def outcome(self, message: str = "") -> Finding:
        """The resource's status as a finding about the whole resource (``... is valid``, ``... skipped: why``)."""
        return Finding(file=self.file, line=self.line, object=self.identity, message=message, status=self.status)

    def problems(self) -> list[Finding]:
        """The findings to report: the schema violations (at the resource's line when theirs is not known),
        or the one error or skip message."""
        if self.findings:
            return [f if f.line is not None else replace(f, line=self.line) for f in self.findings]
        return [self.outcome(self.message)] if self.message else []


#: Longest value shown whole in a located line; longer ones are cut (a 300-character kind is not a kind).
SHOWN_CHARACTERS = 63


def shortened(value: str) -> str:
    """``value``, or its first :data:`SHOWN_CHARACTERS` characters and ``...``."""
    return value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "..."


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

    def line(self, *, stdin: bool = False) -> str:
        """kubeconform's summary line (``0 resource found in 1 file``: plural only above one)."""
        res = "resources" if self.resources > 1 else "resource"
        where = "parsing stdin" if stdin else f"in {self.files} {'files' if self.files > 1 else 'file'}"
        return (
            f"Summary: {self.resources} {res} found {where} - Valid: {self.valid}, "
            f"Invalid: {self.invalid}, Errors: {self.errors}, Skipped: {self.skipped}"
        )


def exit_code(results: list[Result]) -> int:
    """0 when everything is valid or skipped, 1 on any invalid resource or error (kubeconform)."""
    return 1 if any(r.status in (Status.INVALID, Status.ERROR) for r in results) else 0
