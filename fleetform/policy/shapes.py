"""What policies accept as input, beyond well-formed YAML and JSON: what the API server and CEL take.

- An object's identity (``apiVersion``, ``kind``, ``metadata.name``/``namespace``, labels and annotations)
  has the types the API server requires (:func:`shape_problem`): policies read them everywhere.
- Every value is plain data CEL can hold (:func:`value_problem`): integers in the signed 64-bit range
  (Kubernetes' and CEL's ``int``; a 5,000-digit integer crashes the CEL library), finite nesting no deeper
  than :data:`MAX_DEPTH`, no value that contains itself (a recursive YAML alias).
- Terraform JSON is read with the same depth limit (:func:`load_json`).

Both checks run when a file is parsed, not when a parse is reused from the cache: a cached parse passed.
"""

from __future__ import annotations

import json
from typing import Any

#: Deepest nesting of a value read (a synthesized object or stack is ~10-15 levels deep).
MAX_DEPTH = 200
#: CEL's and Kubernetes' integers: signed 64-bit.
INT64 = (-(2**63), 2**63 - 1)


class ValueProblem(Exception):
    """A document holds a value :func:`value_problem` refuses: its line, key path and the problem."""

    def __init__(self, line: int, path: str, problem: str) -> None:
        super().__init__(problem)
        self.line, self.path, self.problem = line, path, problem


def shape_problem(data: dict[str, Any]) -> tuple[str, str] | None:
    """(key path, problem) when the object's identity is not what the API server takes: ``apiVersion``,
    ``kind``, ``metadata.name`` and ``.namespace`` strings, labels and annotations maps of strings."""
    for key in ("apiVersion", "kind"):
        if not isinstance(data[key], str):
            return key, f"{shown(data[key])} is not a string"
    meta = data.get("metadata")
    if meta is None:
        return None
    if not isinstance(meta, dict):
        return "metadata", f"{shown(meta)} is not a mapping"
    for key in ("name", "namespace", "generateName"):
        if key in meta and not isinstance(meta[key], str):
            return f"metadata.{key}", f"{shown(meta[key])} is not a string"
    for key in ("labels", "annotations"):
        table = meta.get(key)
        if table is None:
            continue
        if not isinstance(table, dict):
            return f"metadata.{key}", f"{shown(table)} is not a mapping"
        for item, value in table.items():
            if not (isinstance(item, str) and isinstance(value, str)):
                return f"metadata.{key}", f"{shown(item)}: {shown(value)} is not a string to a string"
    return None


def value_problem(data: Any) -> tuple[str, str] | None:
    """(key path, problem) of the first value CEL cannot hold (see the module's description). A quick walk
    (:func:`_plain`) clears almost every document; only a document it doubts is walked again, keeping the
    key path and the ancestors that tell a recursive alias from deep nesting. Iterative: no input depth
    reaches Python's stack."""
    if _plain(data):
        return None
    stack: list[tuple[Any, tuple[str | int, ...], frozenset[int]]] = [(data, (), frozenset())]
    while stack:
        value, path, parents = stack.pop()
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
            return place(path), f"{shown(value)} is outside the signed 64-bit integers"
        if not isinstance(value, dict | list):
            continue
        if id(value) in parents:
            return place(path), "contains itself (a recursive alias)"
        if len(path) >= MAX_DEPTH:
            return place(path), f"nested more than {MAX_DEPTH} levels deep"
        inside = parents | {id(value)}
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((child, (*path, key if isinstance(key, int) else str(key)), inside) for key, child in items)
    return None


#: The leaf types :func:`_plain` passes without a look (``bool`` is not ``int`` here: ``type`` is exact).
_LEAVES = frozenset({str, float, bool, type(None)})


def _plain(data: Any) -> bool:
    """Whether ``data`` surely passes :func:`value_problem`: every integer in range, every container at
    most :data:`MAX_DEPTH` levels down (a value that contains itself is infinitely deep, so it fails here
    too), and only the exact types a YAML or JSON parser makes. No key path and no set of ancestors is
    built, which makes it about four times faster than the full walk on dist/ (0.02 s against 0.08 s)."""
    low, high = INT64
    stack: list[tuple[Any, int]] = [(data, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        kind = type(value)
        if kind is dict:
            children: Any = value.values()
        elif kind is list:
            children = value
        elif kind is int:
            if not low <= value <= high:
                return False
            continue
        elif kind in _LEAVES:
            continue
        else:
            return False
        if depth >= MAX_DEPTH:
            return False
        for child in children:
            kind = type(child)
            if kind is str:
                continue
            push((child, depth + 1))
    return True


def load_json(text: str) -> Any:
    """``json.loads``, refusing what :func:`value_problem` refuses (as ``ValueError``)."""
    data = json.loads(text)
    problem = value_problem(data)
    if problem is not None:
        where = f"{problem[0]}: " if problem[0] else ""
        raise ValueError(f"{where}{problem[1]}")
    return data


def json_reason(exc: Exception) -> str:
    """What :func:`load_json`'s error says, in one line."""
    if isinstance(exc, RecursionError):
        return f"nested more than {MAX_DEPTH} levels deep"
    return "a number of over 4300 digits" if "4300 digits" in str(exc) else str(exc).splitlines()[0]


def place(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out if len(out) <= 200 else f"{out[:100]}…{out[-99:]}"


def shown(value: Any) -> str:
    """``repr(value)`` cut to about 60 characters (a huge integer is not converted to text at all)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"  # log10(2) digits per bit
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:60]}…"
