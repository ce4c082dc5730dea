"""Instance values as the API server hands them to CRD rules: typed by the structural schema.

- ``type: number`` values are doubles (``1`` becomes ``1.0``);
- strings with ``format: date`` / ``date-time`` are timestamps, ``duration`` durations, ``byte`` bytes
  (a string that does not parse stays a string: the JSON schema reports the bad format);
- declared property names are escaped as Kubernetes does (``foo-bar`` is ``self.foo__dash__bar``,
  ``namespace`` is ``self.__namespace__``); a name that cannot be escaped is not accessible.

Map keys (``additionalProperties``) and undeclared fields of open objects are kept as they are.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

#: CEL's reserved words, escaped as ``__word__`` when used as property names.
RESERVED = frozenset(
    [
        "true",
        "false",
        "null",
        "in",
        "as",
        "break",
        "const",
        "continue",
        "else",
        "for",
        "function",
        "if",
        "import",
        "let",
        "loop",
        "package",
        "namespace",
        "return",
        "var",
        "void",
        "while",
    ]
)
_ESCAPES = {"__": "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__"}
_TO_ESCAPE = re.compile(r"__|[^a-zA-Z0-9_]")
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)")
_SECONDS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def escape(name: str) -> str | None:
    """The CEL field name of a property, or ``None`` if CEL cannot access it."""
    if not name or name[0] in "0123456789":
        return None
    if name in RESERVED:
        return f"__{name}__"
    if any(part not in _ESCAPES for part in _TO_ESCAPE.findall(name)):
        return None
    return _TO_ESCAPE.sub(lambda match: _ESCAPES[match.group(0)], name)


def to_cel(value: Any, schema: Any) -> Any:
    """``value`` converted for CEL according to ``schema`` (a structural schema node)."""
    if not isinstance(schema, dict):
        return value
    if isinstance(value, dict):
        return _object(value, schema)
    if isinstance(value, list):
        items = schema.get("items")
        return [to_cel(item, items) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and _types(schema) == {"number"}:
        return float(value)
    if isinstance(value, str) and isinstance(schema.get("format"), str):
        return _formatted(value, schema["format"])
    return value


def _types(schema: dict[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    return {t for t in declared if t != "null"} if isinstance(declared, list) else set()


def _object(value: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    properties = schema.get("properties")
    extra = schema.get("additionalProperties")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(properties, dict) and key in properties:
            name = escape(key)
            if name is not None:
                out[name] = to_cel(item, properties[key])
        else:
            out[key] = to_cel(item, extra)
    return out


def _formatted(text: str, fmt: str) -> Any:
    try:
        if fmt == "byte":
            return base64.b64decode(text, validate=True)
        if fmt == "duration":
            return _duration(text)
        if fmt == "date-time":
            return _timestamp(text)
        if fmt == "date":
            return _timestamp(f"{text}T00:00:00Z")
    except (ValueError, binascii.Error):
        return text
    return text


def _timestamp(text: str) -> Any:
    from google.protobuf import timestamp_pb2  # imported on first use: most runs have no CEL rules

    stamp = timestamp_pb2.Timestamp()
    stamp.FromJsonString(text)
    return stamp


def _duration(text: str) -> Any:
    """A Go-style duration (``1h30m``, ``-2.5s``; strfmt also takes ``d`` and ``w``)."""
    from google.protobuf import duration_pb2

    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body == "0":
        return duration_pb2.Duration()
    parts = _DURATION_PART.findall(body)
    if not body or "".join(number + unit for number, unit in parts) != body:
        raise ValueError(f"invalid duration {text!r}")
    seconds = sum(float(number) * _SECONDS[unit] for number, unit in parts)
    duration = duration_pb2.Duration()
    duration.FromNanoseconds(round(sign * seconds * 1e9))
    return duration
