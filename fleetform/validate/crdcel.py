"""CRD rules in fleetform's CEL environment (:class:`fleetform.cel.env.CelEngine`, the policies' too).

The engine declares the admission-policy variables, not the CRD ones, so a rule is compiled wrapped in
``cel.bind(self, object, <rule>)``: ``self`` is a local bound to the ``object`` variable, which the caller
sets to the value at the rule's location. Transition rules (they reference ``oldSelf``) are also wrapped in
``cel.bind(oldSelf, optional.none(), ...)`` when the rule sets ``optionalOldSelf``, which is what the API
server binds on create; without it they cannot run on create and :func:`compile_rule` returns ``None``.

Compile errors quote the rule's own line and column (the wrapper is invisible); runtime errors of
cel-expr-python are reworded to cel-go's (``no such key: x``) where the two differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fleetform.cel.env import CelEngine, Program

_SELF = "cel.bind(self, object, "
_OPTIONAL_OLD_SELF = "cel.bind(oldSelf, optional.none(), "
_DYN_OLD_SELF = "cel.bind(oldSelf, object, "
_POSITION = re.compile(r"^(\d+):(\d+): ")
_STATUS = re.compile(r"^[A-Z_]+: ")
_NO_KEY = re.compile(r'^Key not found in map : "(.*)"$')
_NO_OVERLOAD = "No matching overloads found : "


class RuleCompileError(Exception):
    """A rule or message expression does not compile; the message is CEL's, positioned in the rule."""


@dataclass(frozen=True)
class RunResult:
    """One evaluation: the value, or ``error`` (cel-go wording) and whether it was a missing overload."""

    value: Any = None
    error: str | None = None
    no_overload: bool = False


@cache
def engine() -> CelEngine:
    """The process's one CEL environment with Kubernetes' libraries (imported on first use)."""
    from fleetform.cel.env import CelEngine

    return CelEngine()


def compile_rule(rule: str, optional_old_self: bool) -> Program | None:
    """The compiled rule; ``None`` for a transition rule that does not run on create."""
    try:
        return _compile(rule, _SELF)
    except RuleCompileError:
        if "oldSelf" not in rule:
            raise
    # Compiles with oldSelf declared: a transition rule. Still failing: the error is not about oldSelf.
    program = _compile(rule, _OPTIONAL_OLD_SELF + _SELF if optional_old_self else _DYN_OLD_SELF + _SELF)
    return program if optional_old_self else None


def compile_message(expression: str, optional_old_self: bool) -> Program:
    """A ``messageExpression`` (same variables as its rule)."""
    transition = optional_old_self and "oldSelf" in expression
    return _compile(expression, _OPTIONAL_OLD_SELF + _SELF if transition else _SELF)


def run(program: Program, value: Any) -> RunResult:
    """Evaluate with ``self`` bound to ``value`` (a CEL-ready value, see :mod:`.celvalues`)."""
    try:
        outcome = program.run(engine().activation({"object": value}))
    except (RuntimeError, TypeError, ValueError) as err:  # a value cel-expr-python cannot take
        return RunResult(error=str(err))
    if outcome.error is None:
        return RunResult(value=outcome.value)
    error = _STATUS.sub("", outcome.error, count=1)
    if error.startswith(_NO_OVERLOAD):
        return RunResult(error=f"no such overload: {error.removeprefix(_NO_OVERLOAD)}", no_overload=True)
    missing = _NO_KEY.match(error)
    return RunResult(error=f"no such key: {missing.group(1)}" if missing else error)


def _compile(source: str, prefix: str) -> Program:
    from fleetform.cel.env import CompileError

    syntax = _syntax_error(source)  # first, so that a rule like "a) || (b" cannot close the wrapper
    if syntax is not None:
        raise RuleCompileError(syntax)
    suffix = "\n" + ")" * prefix.count("cel.bind(")  # the newline ends a trailing // comment in the rule
    try:
        return engine().compile(prefix + source + suffix, shown=source)
    except CompileError as err:
        raise RuleCompileError(_reposition(str(err), len(prefix))) from None


def _syntax_error(source: str) -> str | None:
    """The parse error of the bare rule, if any (its check errors, such as an undeclared ``self``, are not)."""
    from fleetform.cel.env import CompileError

    try:
        engine().compile(source)
    except CompileError as err:
        message = str(err).strip()
        return message if "Syntax error" in message else None
    return None


def _reposition(message: str, shift: int) -> str:
    """``1:24: undeclared ...`` of the wrapped text -> ``1:1: undeclared ...`` of the rule."""
    message = message.strip().removesuffix(" (in container '')")
    found = _POSITION.match(message)
    if found is None:
        return message
    line, column = int(found.group(1)), int(found.group(2))
    if line == 1:
        column = max(column - shift, 1)
    return f"{line}:{column}: {message[found.end() :]}"
