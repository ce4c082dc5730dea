"""The Kubernetes CEL quantity library: ``quantity()``, ``isQuantity()`` and the Quantity methods.

A quantity is carried as a ``fleetform.k8scel.Quantity`` message whose value is its exact rational
value (``"num/den"``), so two quantities that are equal in Kubernetes (``1`` and ``1000m``) are equal
in CEL too.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from cel_expr_python import cel

from fleetform.cel.overload import overload
from fleetform.cel.protos import PACKAGE, QuantityMessage

_PATTERN = re.compile(r"([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?")
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_INT64 = (-(2**63), 2**63 - 1)

Q = cel.Type(f"{PACKAGE}.Quantity")
_B, _I, _D, _S = cel.Type.BOOL, cel.Type.INT, cel.Type.DOUBLE, cel.Type.STRING


def parse_quantity(text: str) -> Fraction:
    """The exact value of a Kubernetes quantity string; ``ValueError`` if it is not one."""
    match = _PATTERN.fullmatch(text)
    if match is None:
        raise ValueError(f"quantities must match the regular expression '{_PATTERN.pattern}'")
    sign, number, suffix = match.group(1), match.group(2), match.group(3) or ""
    value = Fraction(number)
    if suffix in _BINARY:
        value *= 1024 ** _BINARY[suffix]
    elif suffix in _DECIMAL:
        value *= Fraction(10) ** _DECIMAL[suffix]
    else:
        value *= Fraction(10) ** int(suffix[1:])
    return -value if sign == "-" else value


def _wrap(value: Fraction) -> Any:
    return QuantityMessage(value=f"{value.numerator}/{value.denominator}")


def _value(message: Any) -> Fraction:
    return Fraction(str(message.value))


def _quantity(text: str) -> Any:
    return _wrap(parse_quantity(text))


def _is_quantity(text: str) -> bool:
    return _PATTERN.fullmatch(text) is not None


def _sign(q: Any) -> int:
    value = _value(q)
    return (value > 0) - (value < 0)


def _is_integer(q: Any) -> bool:
    value = _value(q)
    return value.denominator == 1 and _INT64[0] <= value <= _INT64[1]


def _as_integer(q: Any) -> int:
    if not _is_integer(q):
        raise ValueError("cannot convert value to integer")
    return int(_value(q))


def _compare(a: Any, b: Any) -> int:
    x, y = _value(a), _value(b)
    return (x > y) - (x < y)


def _method(name: str, ret: cel.Type, args: list[cel.Type], impl: Any, suffix: str = "") -> cel.FunctionDecl:
    return cel.FunctionDecl(name, [overload(f"quantity_{name}{suffix}", ret, [Q, *args], is_member=True, impl=impl)])


def declarations() -> list[cel.FunctionDecl]:
    """Declarations with implementations, for ``cel.NewEnv(functions=...)``."""
    return [
        cel.FunctionDecl("quantity", [overload("string_to_quantity", Q, [_S], impl=_quantity)]),
        cel.FunctionDecl("isQuantity", [overload("is_quantity_string", _B, [_S], impl=_is_quantity)]),
        _method("sign", _I, [], _sign),
        _method("isInteger", _B, [], _is_integer),
        _method("asInteger", _I, [], _as_integer),
        _method("asApproximateFloat", _D, [], lambda q: float(_value(q))),
        _method("compareTo", _I, [Q], _compare),
        _method("isGreaterThan", _B, [Q], lambda a, b: _compare(a, b) > 0),
        _method("isLessThan", _B, [Q], lambda a, b: _compare(a, b) < 0),
        cel.FunctionDecl(
            "add",
            [
                overload("quantity_add", Q, [Q, Q], is_member=True, impl=lambda a, b: _wrap(_value(a) + _value(b))),
                overload("quantity_add_int", Q, [Q, _I], is_member=True, impl=lambda a, n: _wrap(_value(a) + n)),
            ],
        ),
        cel.FunctionDecl(
            "sub",
            [
                overload("quantity_sub", Q, [Q, Q], is_member=True, impl=lambda a, b: _wrap(_value(a) - _value(b))),
                overload("quantity_sub_int", Q, [Q, _I], is_member=True, impl=lambda a, n: _wrap(_value(a) - n)),
            ],
        ),
    ]
