"""The CEL sets extension Kubernetes enables: ``sets.contains``, ``sets.equivalent``, ``sets.intersects``."""

from __future__ import annotations

from typing import Any

from cel_expr_python import cel

from fleetform.cel.lists import same_value
from fleetform.cel.overload import overload

_L = cel.Type.List(cel.Type.DYN)


def _has(items: list[Any], value: Any) -> bool:
    return any(same_value(v, value) for v in items)


def _contains(a: list[Any], b: list[Any]) -> bool:
    return all(_has(a, x) for x in b)


def declarations() -> list[cel.FunctionDecl]:
    return [
        cel.FunctionDecl(
            "sets.contains", [overload("list_sets_contains_list", cel.Type.BOOL, [_L, _L], impl=_contains)]
        ),
        cel.FunctionDecl(
            "sets.equivalent",
            [
                overload(
                    "list_sets_equivalent_list",
                    cel.Type.BOOL,
                    [_L, _L],
                    impl=lambda a, b: _contains(a, b) and _contains(b, a),
                )
            ],
        ),
        cel.FunctionDecl(
            "sets.intersects",
            [
                overload(
                    "list_sets_intersects_list", cel.Type.BOOL, [_L, _L], impl=lambda a, b: any(_has(a, x) for x in b)
                )
            ],
        ),
    ]
