"""Just enough PromQL to see what an alert aggregates: its aggregations (``sum by (pod) (...)``), their
grouping, and the vector selectors inside each (metric name and label matchers). Not a validator: an
expression it cannot follow yields fewer aggregations, never an error."""

from __future__ import annotations

import re
from dataclasses import dataclass

AGGREGATORS = frozenset(
    {"sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values"}
)
KEYWORDS = frozenset(
    {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2"}
)
TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)|(?P<name>[A-Za-z_:][A-Za-z0-9_:.]*)"""
    r"""|(?P<op>=~|!~|!=|==|>=|<=|[(){}\[\],=<>+\-*/%^@])|(?P<number>[0-9][0-9.eE+a-z]*))"""
)


@dataclass(frozen=True)
class Selector:
    metric: str
    matchers: tuple[tuple[str, str, str], ...]  # (label, operator, value)


@dataclass(frozen=True)
class Aggregation:
    """``op`` grouped ``grouping`` (``by``, ``without`` or ``""``) over ``labels``, of the ``selectors`` inside."""

    op: str
    grouping: str
    labels: tuple[str, ...]
    selectors: tuple[Selector, ...]


def tokens(expr: str) -> list[tuple[str, str]]:
    """(kind, text) of each token; characters it does not know end the scan."""
    out = []
    position = 0
    while position < len(expr):
        match = TOKEN.match(expr, position)
        if match is None or match.end() == position:
            break
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
    return out


def aggregations(expr: str) -> list[Aggregation]:
    found = tokens(expr)
    out = []
    for i, (kind, text) in enumerate(found):
        if kind == "name" and text in AGGREGATORS and i + 1 < len(found):
            aggregation = _aggregation(found, i)
            if aggregation is not None:
                out.append(aggregation)
    return out


def _aggregation(found: list[tuple[str, str]], at: int) -> Aggregation | None:
    grouping, i = "", at + 1
    labels: tuple[str, ...] = ()
    if found[i][1] in ("by", "without"):
        grouping, (labels, i) = found[i][1], _labels(found, i + 1)
    if i >= len(found) or found[i][1] != "(":
        return None
    end = _closing(found, i)
    if not grouping and end + 1 < len(found) and found[end + 1][1] in ("by", "without"):
        grouping, (labels, _) = found[end + 1][1], _labels(found, end + 2)
    return Aggregation(found[at][1], grouping, labels, tuple(selectors(found[i + 1 : end])))


def _labels(found: list[tuple[str, str]], i: int) -> tuple[tuple[str, ...], int]:
    """The label list ``( a, b )`` starting at token ``i``, and the index after it."""
    if i >= len(found) or found[i][1] != "(":
        return (), i
    end = _closing(found, i)
    return tuple(text for kind, text in found[i + 1 : end] if kind == "name"), end + 1


def _closing(found: list[tuple[str, str]], i: int) -> int:
    opening, closing = found[i][1], {"(": ")", "{": "}", "[": "]"}[found[i][1]]
    depth = 0
    for j in range(i, len(found)):
        depth += found[j][1] == opening
        depth -= found[j][1] == closing
        if depth == 0:
            return j
    return len(found) - 1


def selectors(found: list[tuple[str, str]]) -> list[Selector]:
    """The vector selectors among ``found`` tokens: a metric name not called as a function, or ``{...}``."""
    out = []
    i = 0
    while i < len(found):
        kind, text = found[i]
        after = found[i + 1][1] if i + 1 < len(found) else ""
        if kind == "name" and text not in KEYWORDS and text not in AGGREGATORS and after != "(":
            matchers, i = _matchers(found, i + 1) if after == "{" else ((), i + 1)
            out.append(Selector(text, matchers))
        elif text == "{":
            matchers, i = _matchers(found, i)
            out.append(Selector("", matchers))
        elif kind == "name" and text in ("by", "without", "on", "ignoring") and after == "(":
            i = _closing(found, i + 1) + 1
        else:
            i += 1
    return out


def _matchers(found: list[tuple[str, str]], i: int) -> tuple[tuple[tuple[str, str, str], ...], int]:
    end = _closing(found, i)
    inside = found[i + 1 : end]
    out = []
    for j in range(0, len(inside) - 2):
        (k1, label), (_, op), (k3, value) = inside[j], inside[j + 1], inside[j + 2]
        if k1 == "name" and op in ("=", "!=", "=~", "!~") and k3 == "string":
            out.append((label, op, value[1:-1]))
    return tuple(out), end + 1
