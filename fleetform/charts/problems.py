"""Check a HelmRelease's values against the vendored values schema of its chart version."""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jsonschema_rs

from fleetform.charts.derive import merge
from fleetform.versions.components import component_of_chart
from fleetform.versions.pins import Pin
from fleetform.versions.vendored import VENDOR_COMMAND, VENDORED, vendored_dir

Problem = tuple[str, str]
#: Where a problem is in the values: mapping keys and list indexes.
ValuesPath = tuple[str | int, ...]


def values_file(chart: str, version: str, root: Path = VENDORED) -> Path:
    """Where the values data of ``chart`` at ``version`` is vendored (it may not exist)."""
    component = component_of_chart(chart)
    return vendored_dir(Pin(component.name if component else chart, version), root) / "values" / f"{chart}.json"


def values_problems(chart: str, version: str, values: Mapping[str, Any], root: Path = VENDORED) -> list[Problem]:
    """``(dotted key path, message)`` for each unknown key, wrong type or value outside an enum in ``values``
    (merged over the chart's defaults first, as Helm does), sorted; one problem when no values schema of
    ``chart`` ``version`` is vendored."""
    return sorted((_dotted(path), message) for path, message in values_problems_at(chart, version, values, root))


def values_problems_at(
    chart: str, version: str, values: Mapping[str, Any], root: Path = VENDORED
) -> list[tuple[ValuesPath, str]]:
    """:func:`values_problems` with each path as its keys and indexes (a key may hold dots), sorted by
    path then message; the problem of a chart version without vendored data is at ``()``."""
    loaded = _load(values_file(chart, version, root))
    if loaded is None:
        return [
            (
                (),
                f"no vendored values schema for chart {chart} version {version}; expected a version with vendored "
                f"data (fleetform schemas list), or vendor it: {VENDOR_COMMAND}",
            )
        ]
    defaults, schema, validator = loaded
    found: set[tuple[ValuesPath, str]] = set()
    for error in validator.iter_errors(merge(defaults, dict(values))):
        found.update(_problems(error, schema, f"{chart} {version}"))
    return sorted(found, key=lambda item: (tuple((isinstance(p, int), str(p)) for p in item[0]), item[1]))


@functools.cache
def _load(path: Path) -> tuple[Any, dict[str, Any], Any] | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["defaults"], data["schema"], jsonschema_rs.validator_for(data["schema"])


def _problems(error: Any, schema: dict[str, Any], chart: str) -> list[tuple[ValuesPath, str]]:
    where = tuple(error.instance_path)
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        known = sorted(_node(schema, list(error.schema_path)[:-1]).get("properties", {}))
        return [((*where, key), _unknown(key, known, chart)) for key in kind.unexpected]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Enum):
        allowed = ", ".join(json.dumps(option) for option in kind.options)
        return [(where, f"{json.dumps(error.instance)} is not allowed; expected one of: {allowed}")]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Type):
        return [(where, f"got {json.dumps(error.instance)}; expected type {' or '.join(kind.types)}")]
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        return [(where, f"{json.dumps(kind.property)} is a required property; expected it set")]
    return [(where, f"{error.message}; expected a value chart {chart}'s values schema allows")]


def _unknown(key: str, known: Sequence[str], chart: str) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    such = f" such as '{close[0]}'" if close else ""
    return f"unknown key: chart {chart} reads no such value; expected a key of its values.yaml{such}"


def _node(schema: dict[str, Any], path: list[Any]) -> dict[str, Any]:
    """The subschema at ``path`` (an error's schema path), following local ``$ref``s on the way."""
    node: Any = schema
    for part in path:
        if part == "$ref" and isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = _node(schema, node["$ref"].removeprefix("#/").split("/"))
        else:
            node = node[part] if isinstance(node, dict | list) else {}
    return node if isinstance(node, dict) else {}


def _dotted(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
