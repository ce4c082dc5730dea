"""Integers the API server cannot decode: over 64 bits anywhere, or over 32 bits in an ``int32`` field.

JSON schema has no integer width, so ``replicas: 99999999999999999999`` matches ``type: integer``; the API
server's decoder refuses it (``cannot unmarshal number ... of type int32``). This check runs only for
documents whose text holds a run of 10 or more digits or a hexadecimal number (:attr:`Document.wide`; 10 is
the fewest digits of an integer over 32 bits) and whose data, written out as JSON, has such a number, so
ordinary manifests pay nothing for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fleetform.documents import Document
from fleetform.errors import shown
from fleetform.findings.finding import Finding
from fleetform.textscan import JSON_SEPARATORS, json_number_run
from fleetform.validate.kcmessages import Leaf
from fleetform.validate.lines import Locator, render_path
from fleetform.validate.result import Result
from fleetform.validate.store import Compiled

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


def out_of_range(
    compiled: Compiled,
    data: dict[str, Any],
    head: Result,
    doc: Document,
    locator: Locator,
    base: list[str | int],
    found: list[Leaf],
) -> list[Finding]:
    """Findings for integers out of their field's range; each is also appended to ``found`` (kubeconform's
    leaves, with the same wording)."""
    if not doc.wide or not _may_hold_wide(data):
        return []
    out: list[Finding] = []
    for path, value in _wide_ints(data, ()):
        schema = compiled.subschema(path)
        width = "int32" if isinstance(schema, dict) and schema.get("format") == "int32" else "int64"
        low, high = _INT32 if width == "int32" else _INT64
        if low <= value <= high:
            continue
        message = f"{shown(value)} is out of range for {width} ({low} to {high})"
        line = locator.line(doc, [*base, *path])
        out.append(Finding(file=head.file, line=line, object=head.identity, path=render_path(path), message=message))
        found.append((path, message))
    return out


def _may_hold_wide(data: dict[str, Any]) -> bool:
    """Whether ``data`` may hold an integer of 10 digits or more, told from its JSON dump (which writes every
    integer in decimal, whatever its YAML notation) without walking it in Python: most documents whose text
    has such digits hold them in strings (image digests, descriptions)."""
    try:
        dump = json.dumps(data, separators=JSON_SEPARATORS, check_circular=False)
    except (ValueError, TypeError, RecursionError):  # an integer too long to write out, among others
        return True
    return json_number_run(dump, len(str(_INT32[1])))


def _wide_ints(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], int]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _wide_ints(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _wide_ints(child, (*path, i))
    elif isinstance(value, int) and not isinstance(value, bool) and not _INT32[0] <= value <= _INT32[1]:
        yield path, value
