"""Convert parsed YAML into frozen dataclasses; the dataclasses are the settings schema.

Each field's type says what is accepted (``str``, ``int``, ``float``, ``bool``, ``Literal``,
``tuple[T, ...]``, ``dict[str, T]``, nested dataclasses) and ``Annotated[T, Rule(...)]`` adds bounds
and patterns. A default on the field is the default of the setting: it is written once, there.
A dataclass may define ``problems()`` for cross-field rules (e.g. ``max >= min``). A field without a default
is required; ``field(metadata={"expected": ...})`` says what its missing-key error expects instead of
"'<key>' to be set".
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
import typing
from typing import Any, Literal, Protocol, TypeVar, get_args, get_origin, get_type_hints

from fleetform.errors import UserError, located, shown
from fleetform.rules import KeyPath, Problem, Rule
from fleetform.settings.yamlfile import SettingsFile, place

T = TypeVar("T")


class HasProblems(Protocol):
    def problems(self) -> list[Problem]: ...


def load_as(cls: type[T], file: SettingsFile, data: Any | None = None, path: KeyPath = ()) -> T:
    """Convert ``data`` (default: the whole file) into ``cls``, or raise a located :class:`UserError`."""
    value = file.data if data is None else data
    return typing.cast(T, _Converter(file).convert(cls, value, path))


def check_rule(rule: Rule, value: Any, file: SettingsFile, path: KeyPath) -> None:
    """Apply ``rule`` to an already converted value, raising the same located error as a field rule."""
    _Converter(file).apply_rule(rule, value, path)


def _describe(value: Any) -> str:
    kinds: dict[type, str] = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        dict: "a mapping",
        list: "a list",
        type(None): "null",
    }
    return f"{shown(value)} ({kinds.get(type(value), type(value).__name__)})"


class _Converter:
    def __init__(self, file: SettingsFile) -> None:
        self.file = file

    def fail(self, path: KeyPath, problem: str, expected: str) -> UserError:
        return located(self.file.name, self.file.line(path), place(path), problem, expected)

    def convert(self, tp: Any, value: Any, path: KeyPath) -> Any:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            base, *rules = get_args(tp)
            out = self.convert(base, value, path)
            for rule in rules:
                if isinstance(rule, Rule):
                    self.apply_rule(rule, out, path)
            return out
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self.dataclass(tp, value, path)
        if origin is Literal:
            choices = get_args(tp)
            if value not in choices or isinstance(value, bool) != isinstance(choices[0], bool):
                return self.raise_type(path, value, "one of: " + ", ".join(str(c) for c in choices))
            return value
        if origin is tuple:
            return self.sequence(get_args(tp)[0], value, path)
        if origin is dict:
            return self.mapping(get_args(tp)[1], value, path)
        if origin in (types.UnionType, typing.Union):
            return self.optional(tp, value, path)
        return self.scalar(tp, value, path)

    def raise_type(self, path: KeyPath, value: Any, expected: str) -> typing.NoReturn:
        raise self.fail(path, f"got {_describe(value)}", expected)

    def scalar(self, tp: Any, value: Any, path: KeyPath) -> Any:
        if tp is bool and isinstance(value, bool):
            return value
        if tp is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if tp is float and isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or (isinstance(value, int) and abs(value) > 2**53):
                raise self.fail(path, f"{shown(value)} is not a finite number", "a number such as 0.5")
            return float(value)
        if tp is str and isinstance(value, str):
            return value
        names = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
        self.raise_type(path, value, names[tp])

    def optional(self, tp: Any, value: Any, path: KeyPath) -> Any:
        inner = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return self.convert(inner[0], value, path)

    def sequence(self, item_tp: Any, value: Any, path: KeyPath) -> tuple[Any, ...]:
        if not isinstance(value, list):
            self.raise_type(path, value, "a list")
        return tuple(self.convert(item_tp, item, (*path, i)) for i, item in enumerate(value))

    def mapping(self, value_tp: Any, value: Any, path: KeyPath) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.raise_type(path, value, "a mapping")
        out: dict[str, Any] = {}
        for key in sorted(value, key=str):
            if not isinstance(key, str):
                raise self.fail((*path, shown(key)), f"key {shown(key)} is not a string", "string keys")
            out[key] = self.convert(value_tp, value[key], (*path, key))
        return out

    def dataclass(self, cls: type[Any], value: Any, path: KeyPath) -> Any:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.raise_type(path, value, "a mapping")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = get_type_hints(cls, include_extras=True)
        for key in value:
            if key not in fields:
                expected = "one of: " + ", ".join(fields)
                raise self.fail((*path, str(key)), "unknown key", expected)
        kwargs: dict[str, Any] = {}
        for name, field in fields.items():
            if name in value:
                kwargs[name] = self.convert(hints[name], value[name], (*path, name))
            elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                expected = field.metadata.get("expected", f"'{name}' to be set")
                raise self.fail((*path, name), f"missing key '{name}'", expected)
        obj = cls(**kwargs)
        if hasattr(obj, "problems"):
            for problem in typing.cast(HasProblems, obj).problems():
                raise self.fail((*path, *problem.path), problem.problem, problem.expected)
        return obj

    def apply_rule(self, rule: Rule, value: Any, path: KeyPath) -> None:
        if rule.ge is not None and value < rule.ge:
            raise self.fail(path, f"{shown(value)} is too small", f"a value >= {rule.ge:g}")
        if rule.le is not None and value > rule.le:
            raise self.fail(path, f"{shown(value)} is too large", f"a value <= {rule.le:g}")
        if rule.pattern is not None and not re.fullmatch(rule.pattern, value, re.ASCII):
            raise self.fail(path, f"{shown(value)} is not valid", rule.means or f"a match for {rule.pattern}")
        problem = rule.problem(value) if rule.problem is not None else None
        if problem is not None:
            raise self.fail(path, f"{shown(value)} {problem}", rule.means)
