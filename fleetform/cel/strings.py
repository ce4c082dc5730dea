"""The CEL strings extension as Kubernetes enables it (cel-go ``ext.Strings``, version 2).

Implemented here rather than with cel-expr-python's ``ExtStrings`` because Kubernetes' lists library
overloads ``indexOf``/``lastIndexOf`` on lists too, and a function may only be declared once.
"""

from __future__ import annotations

import re
from typing import Any

from cel_expr_python import cel

from fleetform.cel import lists
from fleetform.cel.overload import overload

_S, _I, _L = cel.Type.STRING, cel.Type.INT, cel.Type.List(cel.Type.STRING)
_VERB = re.compile(r"%(\.\d+)?([sdfeExXobc%])")


def _char_at(text: str, index: int) -> str:
    if index < 0 or index > len(text):
        raise IndexError(f"index out of range: {index}")
    return text[index : index + 1]


def _index_of(text: str, sub: str, start: int = 0) -> int:
    if start < 0 or start > len(text):
        raise IndexError(f"index out of range: {start}")
    return text.find(sub, start)


def _last_index_of(text: str, sub: str, end: int | None = None) -> int:
    if end is None:
        return text.rfind(sub)
    if end < 0 or end > len(text):
        raise IndexError(f"index out of range: {end}")
    return text.rfind(sub, 0, end + len(sub))


def _substring(text: str, start: int, end: int | None = None) -> str:
    stop = len(text) if end is None else end
    if start < 0 or stop > len(text) or start > stop:
        raise IndexError(f"substring out of range: [{start}, {stop}) of length {len(text)}")
    return text[start:stop]


def _split(text: str, sep: str, limit: int = -1) -> list[str]:
    if limit == 0:
        return []
    if sep == "":
        chars = list(text)
        return chars if limit < 0 or limit >= len(chars) else [*chars[: limit - 1], "".join(chars[limit - 1 :])]
    return text.split(sep) if limit < 0 else text.split(sep, limit - 1)


def _replace(text: str, old: str, new: str, limit: int = -1) -> str:
    return text.replace(old, new, limit)


def _ascii(text: str, upper: bool) -> str:
    table = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return text.translate(table) if upper else text.translate({v: k for k, v in table.items()})


def _format(template: str, args: list[Any]) -> str:
    values = iter(args)

    def one(match: re.Match[str]) -> str:
        precision, verb = match.group(1), match.group(2)
        if verb == "%":
            return "%"
        value = next(values)
        return _format_one(verb, precision, value)

    return _VERB.sub(one, template)


def _format_one(verb: str, precision: str | None, value: Any) -> str:
    if verb == "s":
        return _as_string(value)
    if verb in "fe" or verb == "E":
        return f"{float(value):{precision or '.6'}{verb}}"
    codes = {"d": "d", "x": "x", "X": "X", "o": "o", "b": "b", "c": "c"}
    return format(int(value), codes[verb])


def _as_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_as_string(v) for v in value) + "]"
    return str(value)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _m(oid: str, ret: cel.Type, params: list[cel.Type], impl: Any) -> cel.Overload:
    return overload(oid, ret, params, is_member=True, impl=impl)


def declarations() -> list[cel.FunctionDecl]:
    """String functions, including the list overloads of ``indexOf``/``lastIndexOf``."""
    return [
        cel.FunctionDecl("charAt", [_m("string_char_at_int", _S, [_S, _I], _char_at)]),
        cel.FunctionDecl(
            "indexOf",
            [
                _m("string_index_of_string", _I, [_S, _S], _index_of),
                _m("string_index_of_string_int", _I, [_S, _S, _I], _index_of),
                *lists.element_overloads("indexOf"),
            ],
        ),
        cel.FunctionDecl(
            "lastIndexOf",
            [
                _m("string_last_index_of_string", _I, [_S, _S], _last_index_of),
                _m("string_last_index_of_string_int", _I, [_S, _S, _I], _last_index_of),
                *lists.element_overloads("lastIndexOf"),
            ],
        ),
        cel.FunctionDecl("lowerAscii", [_m("string_lower_ascii", _S, [_S], lambda s: _ascii(s, False))]),
        cel.FunctionDecl("upperAscii", [_m("string_upper_ascii", _S, [_S], lambda s: _ascii(s, True))]),
        cel.FunctionDecl(
            "replace",
            [
                _m("string_replace_string_string", _S, [_S, _S, _S], _replace),
                _m("string_replace_string_string_int", _S, [_S, _S, _S, _I], _replace),
            ],
        ),
        cel.FunctionDecl(
            "split",
            [_m("string_split_string", _L, [_S, _S], _split), _m("string_split_string_int", _L, [_S, _S, _I], _split)],
        ),
        cel.FunctionDecl(
            "substring",
            [
                _m("string_substring_int", _S, [_S, _I], _substring),
                _m("string_substring_int_int", _S, [_S, _I, _I], _substring),
            ],
        ),
        cel.FunctionDecl("trim", [_m("string_trim", _S, [_S], str.strip)]),
        cel.FunctionDecl(
            "join",
            [
                _m("list_join", _S, [_L], "".join),
                _m("list_join_string", _S, [_L, _S], lambda items, sep: sep.join(items)),
            ],
        ),
        cel.FunctionDecl("format", [_m("string_format", _S, [_S, cel.Type.List(cel.Type.DYN)], _format)]),
        cel.FunctionDecl("strings.quote", [overload("strings_quote", _S, [_S], impl=_quote)]),
    ]
