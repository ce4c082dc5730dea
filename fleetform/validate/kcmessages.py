"""kubeconform's wording of schema violations (its JSON schema library, santhosh-tekuri/jsonschema v6).

Each jsonschema-rs error becomes a leaf ``(JSON pointer, message)`` worded as v6 words it (``got string,
want null or integer``, ``missing properties 'a', 'b'``, ``additional properties 'x' not allowed``); the
leaves of one resource become v6's error tree, printed on one line as kubeconform prints it::

    problem validating schema. Check JSON formatting: jsonschema validation failed with '<schema URL>#'
    - at '/spec/replicas': got string, want null or integer

v6 nests the errors of one object under ``at '/path': validation failed`` when it holds two or more; the
order of siblings follows the document (kubeconform's own order is Go's random map order).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from fleetform.errors import shown

#: v6 lists wanted types in this order, whatever the schema's order.
_TYPE_ORDER = ("null", "boolean", "number", "integer", "string", "array", "object")

Leaf = tuple[tuple[str | int, ...], str]


def leaves(errors: Sequence[Any]) -> list[Leaf]:
    """v6-worded leaves of jsonschema-rs errors; missing required properties of one object are merged."""
    out: list[Leaf] = []
    required: dict[tuple[str | int, ...], list[str]] = {}
    for error in errors:
        path = tuple(error.instance_path)
        if error.kind.name == "required":
            if path not in required:
                required[path] = []
                out.append((path, ""))  # its message is filled in below, at its first position
            required[path].append(str(error.kind.property))
            continue
        out.append((path, _message(error)))
    return [(path, message or _missing(required[path])) for path, message in out]


def pointer(path: Sequence[str | int]) -> str:
    """``("spec", "containers", 0)`` -> ``/spec/containers/0`` (``~`` and ``/`` escaped)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def error_text(schema_url: str, found: list[Leaf]) -> str:
    """kubeconform's ``Err`` of an invalid resource (one line)."""
    lines = [f"jsonschema validation failed with {quote(schema_url + '#')}"]
    for node in _level((), found):
        _display(node, 1, lines)
    return "problem validating schema. Check JSON formatting: " + " ".join(lines)


def quote(text: str) -> str:
    """v6's ``quote``: Go's ``%q`` with ``"`` left alone and ``'`` escaped, in single quotes."""
    body = json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


# A node of v6's tree: (instance path, message, children); a group's message is "validation failed".
_Node = tuple[tuple[str | int, ...], str, list["_Node"]]


def _level(path: tuple[str | int, ...], found: list[Leaf]) -> list[_Node]:
    """The error nodes v6 reports at ``path`` (every leaf of ``found`` is at or below it): its own errors,
    then one node per child holding errors, in the order of their first error. One pass groups the leaves
    by child, so thousands of errors under one object cost linear time."""
    depth = len(path)
    nodes: list[_Node] = [(path, message, []) for at, message in found if len(at) == depth]
    below: dict[str | int, list[Leaf]] = {}
    for leaf in found:
        if len(leaf[0]) > depth:
            below.setdefault(leaf[0][depth], []).append(leaf)
    for child, leaves in below.items():
        level = _level((*path, child), leaves)
        nodes.append(level[0] if len(level) == 1 else ((*path, child), "validation failed", level))
    return nodes


def _display(node: _Node, indent: int, lines: list[str]) -> None:
    path, message, children = node
    lines.append(f"{'  ' * (indent - 1)}- at {quote(pointer(path))}: {message}")
    for child in children:
        _display(child, indent + 1, lines)


def _missing(names: list[str]) -> str:
    if len(names) == 1:
        return f"missing property {quote(names[0])}"
    return "missing properties " + ", ".join(quote(n) for n in names)


def _message(error: Any) -> str:
    kind, name = error.kind, error.kind.name
    if name == "type":
        want = [t for t in _TYPE_ORDER if t in kind.types]
        return f"got {_type_of(error.instance)}, want {' or '.join(want)}"
    if name == "additionalProperties":
        return "additional properties " + ", ".join(quote(str(p)) for p in kind.unexpected) + " not allowed"
    if name == "enum":
        options = list(kind.options)
        if any(isinstance(o, (list, dict)) for o in options):
            return "enum failed"
        if len(options) == 1:
            return f"value must be {_display_value(options[0])}"
        return "value must be one of " + ", ".join(_display_value(o) for o in options)
    if name == "pattern":
        return f"{quote(str(error.instance))} does not match pattern {quote(kind.pattern)}"
    if name == "multipleOf":
        return f"multipleOf: got {_number(error.instance)}, want {_number(kind.multiple_of)}"
    if name in _BOUNDS:
        return f"{_BOUNDS[name]}: got {_number(_size(error.instance, name))}, want {_number(kind.limit)}"
    if name == "const":
        return f"value must be {_display_value(kind.expected_value)}"
    return _OTHER.get(name, str(error.message))


_BOUNDS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusiveMinimum",
    "exclusiveMaximum": "exclusiveMaximum",
    "minLength": "minLength",
    "maxLength": "maxLength",
    "minItems": "minItems",
    "maxItems": "maxItems",
    "minProperties": "minProperties",
    "maxProperties": "maxProperties",
}
_OTHER = {
    "anyOf": "anyOf failed",
    "oneOfNotValid": "oneOf failed, none matched",
    "not": "not failed",
    "falseSchema": "false schema",
}


def _size(instance: Any, name: str) -> Any:
    if name.endswith("Length"):
        return len(instance)
    if name.endswith("Items") or name.endswith("Properties"):
        return len(instance)
    return instance


def _number(value: Any) -> str:
    """Go's ``%v`` of a number (``3``, ``2.5``, ``1e+21``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) and value.bit_length() > 1000:  # beyond any float, and str() raises past 4,300 digits
        return shown(value)
    number = float(value)
    if math.isfinite(number) and number == int(number) and abs(number) < 1e21:
        return str(int(number))
    return repr(number).replace("inf", "+Inf")


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _display_value(value: Any) -> str:
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    return _number(value)
