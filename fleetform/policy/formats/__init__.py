"""Output formats of ``fleetform policy``: each renders a Report as a string, nothing prints here."""

from __future__ import annotations

from collections.abc import Callable

from fleetform.policy.formats import github, json_format, junit, sarif, text
from fleetform.policy.report import Report

Formatter = Callable[[Report, str], str]

#: ``--format`` name -> formatter(report, severity threshold).
FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "json": json_format.render,
    "junit": junit.render,
    "sarif": sarif.render,
    "github": github.render,
}
