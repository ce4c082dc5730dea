"""Output formats of ``fleetform policy``: each renders a Report as a string, nothing prints here."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from fleetform.policy.report import Report

Formatter = Callable[[Report, str], str]

#: ``--format`` name -> the module whose ``render(report, severity threshold)`` renders it.
MODULES: dict[str, str] = {
    "text": "fleetform.policy.formats.text",
    "json": "fleetform.policy.formats.json_format",
    "junit": "fleetform.policy.formats.junit",
    "sarif": "fleetform.policy.formats.sarif",
    "github": "fleetform.policy.formats.github",
}


class _Formats(Mapping[str, Formatter]):
    """:data:`MODULES` as formatters, each module imported when first used (a run renders one format)."""

    def __getitem__(self, name: str) -> Formatter:
        render: Formatter = importlib.import_module(MODULES[name]).render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


#: ``--format`` name -> formatter(report, severity threshold).
FORMATS: Mapping[str, Formatter] = _Formats()
