"""Output formats of ``fleetform diff``: each renders a DiffReport as a string, nothing prints here."""

from __future__ import annotations

from collections.abc import Callable

from fleetform.diff.formats import json_format, markdown, text
from fleetform.diff.formats.words import Options
from fleetform.diff.model import DiffReport

Formatter = Callable[[DiffReport, Options], str]

#: ``--format`` name -> formatter.
FORMATS: dict[str, Formatter] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json_format.render,
}

__all__ = ["FORMATS", "Formatter", "Options"]
