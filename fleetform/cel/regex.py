"""The Kubernetes CEL regex library: ``find`` and ``findAll`` on strings (RE2 syntax, run with ``re``)."""

from __future__ import annotations

import re
from functools import lru_cache

from cel_expr_python import cel

from fleetform.cel.overload import overload

_S, _I = cel.Type.STRING, cel.Type.INT


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _find(text: str, pattern: str) -> str:
    match = _compile(pattern).search(text)
    return match.group(0) if match else ""


def _find_all(text: str, pattern: str, limit: int = -1) -> list[str]:
    if limit == 0:
        return []
    found = [m.group(0) for m in _compile(pattern).finditer(text)]
    return found if limit < 0 else found[:limit]


def declarations() -> list[cel.FunctionDecl]:
    return [
        cel.FunctionDecl("find", [overload("string_find_string", _S, [_S, _S], True, _find)]),
        cel.FunctionDecl(
            "findAll",
            [
                overload("string_find_all_string", cel.Type.List(_S), [_S, _S], True, _find_all),
                overload("string_find_all_string_int", cel.Type.List(_S), [_S, _S, _I], True, _find_all),
            ],
        ),
    ]
