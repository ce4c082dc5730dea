"""What every output format is told besides the results."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.findings.finding import Status
from fleetform.validate.result import Result


@dataclass(frozen=True)
class RenderOptions:
    """kubeconform's ``-summary`` and ``-verbose`` (valid and skipped resources shown too), and whether
    the input was standard input (the summary then says ``parsing stdin``)."""

    summary: bool = False
    verbose: bool = False
    stdin: bool = False

    def shown(self, results: list[Result]) -> list[Result]:
        """The results a format lists: problems always, valid and skipped ones only when verbose."""
        quiet = (Status.VALID, Status.SKIPPED, Status.EMPTY) if not self.verbose else (Status.EMPTY,)
        return [r for r in results if r.status not in quiet]
