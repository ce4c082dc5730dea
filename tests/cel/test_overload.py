"""Python-implemented CEL functions (:func:`fleetform.cel.overload.overload`) give the same object for the
same hashable arguments: cel-expr-python 0.1.3 never frees a value such a function returns, so a fresh one per call
would grow the process by every call."""

from __future__ import annotations

from typing import Any

from cel_expr_python import cel

from fleetform.cel.overload import overload
from fleetform.cel.protos import POOL


def _env(impl: Any, parameter: cel.Type) -> Any:
    declared = overload("parts_of", cel.Type.List(cel.Type.STRING), [parameter], impl=impl)
    return cel.NewEnv(POOL, variables={"object": cel.Type.DYN}, functions=[cel.FunctionDecl("parts", [declared])])


def test_a_repeated_call_reuses_the_first_result() -> None:
    calls: list[str] = []

    def split(text: str) -> list[str]:
        calls.append(text)
        return text.split("-")

    env = _env(split, cel.Type.STRING)
    program = env.compile("parts(object.x)")
    for _ in range(50):
        assert program.eval(env.Activation({"object": {"x": "a-b-c"}})).plain_value() == ["a", "b", "c"]
    assert program.eval(env.Activation({"object": {"x": "d-e"}})).plain_value() == ["d", "e"]
    assert calls == ["a-b-c", "d-e"]


def test_unhashable_arguments_are_passed_on_each_time() -> None:
    calls: list[Any] = []

    def show(items: list[Any]) -> list[str]:
        calls.append(items)
        return [str(len(items))]

    env = _env(show, cel.Type.List(cel.Type.DYN))
    program = env.compile("parts(object.v)")
    for _ in range(3):
        assert program.eval(env.Activation({"object": {"v": [1, 2]}})).plain_value() == ["2"]
    assert calls == [[1, 2]] * 3
