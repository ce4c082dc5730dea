"""The quick walk of :func:`fleetform.policy.shapes.value_problem` clears exactly what the full walk clears."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fleetform.policy import shapes


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def _recursive() -> Any:
    value: dict[str, Any] = {"a": 1}
    value["self"] = value
    return value


CASES = {
    "plain manifest": {"apiVersion": "v1", "kind": "Pod", "spec": {"replicas": 3, "ok": True, "x": None, "f": 1.5}},
    "largest int64": {"n": 2**63 - 1},
    "smallest int64": {"n": -(2**63)},
    "int64 + 1": {"n": 2**63},
    "int64 - 1 in a list": {"n": [1, -(2**63) - 1]},
    "200 levels": _nested(200),
    "201 levels": _nested(201),
    "recursive alias": _recursive(),
    "a date (PyYAML timestamp)": {"when": dt.date(2026, 12, 1)},
    "bool is not an int": {"b": True},
}


#: The cases the quick walk clears; it doubts the others, and the full walk then decides (a date passes).
CLEARED = {"plain manifest", "largest int64", "smallest int64", "200 levels", "bool is not an int"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_quick_walk_clears_only_what_the_full_walk_passes(name: str) -> None:
    assert shapes._plain(CASES[name]) is (name in CLEARED)
    if name in CLEARED:
        assert shapes.value_problem(CASES[name]) is None


def test_full_walk_messages() -> None:
    assert shapes.value_problem(CASES["int64 + 1"]) == (
        "n",
        "9223372036854775808 is outside the signed 64-bit integers",
    )
    assert shapes.value_problem(CASES["201 levels"])[1] == "nested more than 200 levels deep"  # type: ignore[index]
    assert shapes.value_problem(CASES["recursive alias"]) == ("self", "contains itself (a recursive alias)")
    assert shapes.value_problem(CASES["200 levels"]) is None
    assert shapes.value_problem(CASES["a date (PyYAML timestamp)"]) is None
