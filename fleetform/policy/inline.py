"""Policy ``variables`` inlined into the expressions that use them.

The API server evaluates a variable lazily, when an expression first reads ``variables.<name>``: an
unused variable costs nothing and a failing one fails only the expressions that read it. Substituting
``(<the variable's expression>)`` for ``variables.<name>`` gives the same results (CEL is side-effect
free) and lets every expression run on the object's one Activation, with no round trip through Python.
"""

from __future__ import annotations

import re

_REFERENCE = re.compile(r"\bvariables\.([A-Za-z_][A-Za-z0-9_]*)\b")


def inline_variables(variables: list[tuple[str, str]]) -> dict[str, str]:
    """``{name: expression with earlier variables inlined}``, in declaration order."""
    inlined: dict[str, str] = {}
    for name, source in variables:
        inlined[name] = inline(source, inlined)
    return inlined


def inline(source: str, inlined: dict[str, str]) -> str:
    """``source`` with each ``variables.<known name>`` replaced by its parenthesized expression; unknown
    names are left alone (they fail at run time, as in the API server)."""
    return _REFERENCE.sub(lambda m: f"({inlined[m.group(1)]})" if m.group(1) in inlined else m.group(0), source)
