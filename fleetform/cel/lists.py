"""The Kubernetes CEL lists library: ``isSorted``, ``sum``, ``min``, ``max``, ``indexOf``, ``lastIndexOf``.

cel-expr-python dispatches Python functions on concrete argument types only, so the element argument of
``indexOf``/``lastIndexOf`` has one overload per scalar type.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from cel_expr_python import cel

from fleetform.cel.overload import overload

_LIST = cel.Type.List(cel.Type.DYN)
_SCALARS = {
    "int": cel.Type.INT,
    "uint": cel.Type.UINT,
    "double": cel.Type.DOUBLE,
    "string": cel.Type.STRING,
    "bool": cel.Type.BOOL,
    "bytes": cel.Type.BYTES,
    "duration": cel.Type.DURATION,
    "timestamp": cel.Type.TIMESTAMP,
}


def _is_sorted(items: list[Any]) -> bool:
    return all(a <= b for a, b in pairwise(items))


def _sum(items: list[Any]) -> Any:
    if not items:
        return 0
    total = items[0]
    for item in items[1:]:
        total = total + item
    return total


def _min(items: list[Any]) -> Any:
    if not items:
        raise ValueError("min called on empty list")
    return min(items)


def _max(items: list[Any]) -> Any:
    if not items:
        raise ValueError("max called on empty list")
    return max(items)


def _index_of(items: list[Any], value: Any) -> int:
    return next((i for i, item in enumerate(items) if same_value(item, value)), -1)


def _last_index_of(items: list[Any], value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if same_value(items[i], value)), -1)


def same_value(a: Any, b: Any) -> bool:
    """CEL equality of two scalars: numbers compare across int/double, bools only with bools."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    comparable = type(a) is type(b) or (isinstance(a, int | float) and isinstance(b, int | float))
    return comparable and bool(a == b)


def declarations() -> list[cel.FunctionDecl]:
    """List functions; ``indexOf``/``lastIndexOf`` on strings are declared in :mod:`.strings`."""
    return [
        cel.FunctionDecl("isSorted", [overload("list_is_sorted", cel.Type.BOOL, [_LIST], True, _is_sorted)]),
        cel.FunctionDecl("sum", [overload("list_sum", cel.Type.DYN, [_LIST], True, _sum)]),
        cel.FunctionDecl("min", [overload("list_min", cel.Type.DYN, [_LIST], True, _min)]),
        cel.FunctionDecl("max", [overload("list_max", cel.Type.DYN, [_LIST], True, _max)]),
    ]


def element_overloads(name: str) -> list[cel.Overload]:
    """``indexOf``/``lastIndexOf`` overloads on lists; :mod:`.strings` declares them with its own."""
    impl = _index_of if name == "indexOf" else _last_index_of
    return [
        overload(f"list_{name}_{key}", cel.Type.INT, [_LIST, kind], is_member=True, impl=impl)
        for key, kind in _SCALARS.items()
    ]
