"""CRD ``x-kubernetes-validations`` CEL rules, evaluated as the API server does on create.

Rules are collected once per schema and compiled when first needed, in the policy engine's CEL environment
(Kubernetes' quantity, url, ip/cidr, lists, regex, strings, sets and optional libraries; adapter:
:mod:`.crdcel`). Each rule is evaluated on every instance value at its schema path (``*`` map values, ``[]``
list items) that is present, with ``self`` bound to that value typed by its schema (:mod:`.celvalues`).

Messages, as the API server's: a rule that is not ``true`` reports its ``messageExpression`` (when it gives
a non-empty one-line string), else its ``message``, else ``failed rule: <rule>``, at the rule's path plus
its ``fieldPath``. A runtime error reports ``<error> evaluating rule: <rule or 'message'>``.

Transition rules (they reference ``oldSelf``) compare with the stored object, which does not exist on
create: they are skipped, as the API server skips them, unless ``optionalOldSelf: true``, in which case
they run with ``oldSelf`` = ``optional.none()`` as on create.

A rule (or ``messageExpression``) that does not compile is a finding, not a silent skip: reported once per
resource, at the first value the rule applies to, as ``cannot evaluate rule <rule>: compilation failed:
<line>:<column>: <CEL error>``. The API server refuses a CRD whose rules do not compile, so such a schema
is wrong (or uses a CEL library fleetform lacks); either way the rule is unchecked and the resource is
not reported valid. ``-no-cel`` turns all rule evaluation off.

Known differences from the API server: ``self`` is type-checked as ``dyn`` (a type error it would catch when
the CRD is created shows up here only when the rule runs, as a ``no such overload`` finding); the policy
variables of the shared environment (``object``, ``request``, ...) are visible to rules; cost budgets,
``reason`` and ``x-kubernetes-list-type`` set/map equality are not modelled.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fleetform.validate import crdcel
from fleetform.validate.celvalues import to_cel
from fleetform.validate.lines import render_path

_FIELD_PATH = re.compile(r"\.([^.\[]+)|\['((?:[^'\\]|\\.)*)'\]|\[\"((?:[^\"\\]|\\.)*)\"\]")
Parts = tuple[str | int, ...]


@dataclass(frozen=True)
class Programs:
    """A rule's compiled programs, or the error that stopped its compilation."""

    program: Any = None
    message_program: Any = None
    error: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule: where it applies in the schema and its texts; compiled on first use (:attr:`programs`), so
    that a schema's rules for fields a run never meets (most of a large CRD's) cost nothing."""

    location: tuple[str, ...]
    rule: str
    message: str
    field_path: Parts = ()
    schema: Any = field(default=None, compare=False, repr=False)
    optional_old_self: bool = field(default=False, compare=False, repr=False)
    message_expression: str | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def programs(self) -> Programs | None:
        """The programs (``None``: a transition rule, which does not run on create)."""
        try:
            program = crdcel.compile_rule(self.rule, self.optional_old_self)
        except crdcel.RuleCompileError as err:
            return Programs(error=f"cannot evaluate rule {self.rule}: compilation failed: {err}")
        if program is None:
            return None
        try:
            message_program = (
                crdcel.compile_message(self.message_expression, self.optional_old_self)
                if self.message_expression is not None
                else None
            )
        except crdcel.RuleCompileError as err:
            return Programs(error=f"cannot evaluate rule {self.rule}: messageExpression compilation failed: {err}")
        return Programs(program, message_program)


def collect_rules(schema: dict[str, Any]) -> tuple[Rule, ...]:
    """Every rule in a self-contained (CRD) schema, outermost first; transition rules left out."""
    out: list[Rule] = []
    _collect(schema, (), out, depth=0)
    return tuple(out)


def _collect(node: Any, location: tuple[str, ...], out: list[Rule], depth: int) -> None:
    if not isinstance(node, dict) or depth > 64:
        return
    for entry in node.get("x-kubernetes-validations", []):
        if isinstance(entry, dict) and isinstance(entry.get("rule"), str):
            rule = _compiled(entry, location, node)
            if rule is not None:
                out.append(rule)
    for name, sub in sorted(node.get("properties", {}).items()):
        _collect(sub, (*location, name), out, depth + 1)
    if isinstance(node.get("items"), dict):
        _collect(node["items"], (*location, "[]"), out, depth + 1)
    if isinstance(node.get("additionalProperties"), dict):
        _collect(node["additionalProperties"], (*location, "*"), out, depth + 1)


def _compiled(entry: dict[str, Any], location: tuple[str, ...], node: dict[str, Any]) -> Rule | None:
    """The rule of ``entry``; ``None`` for a transition rule (only a rule naming ``oldSelf`` can be one,
    and only those are compiled here, to tell)."""
    text, expression = entry["rule"], entry.get("messageExpression")
    rule = Rule(
        location,
        text,
        str(entry.get("message") or ""),
        _field_path(entry.get("fieldPath")),
        node,
        entry.get("optionalOldSelf") is True,
        expression if isinstance(expression, str) else None,
    )
    if "oldSelf" in text and rule.programs is None:
        return None
    return rule


def _field_path(value: Any) -> Parts:
    """``.spec['a.b'].c`` -> ``("spec", "a.b", "c")``; anything else (or nothing) is the rule's own path."""
    if not isinstance(value, str) or not value:
        return ()
    parts: list[str | int] = []
    position = 0
    for match in _FIELD_PATH.finditer(value):
        if match.start() != position:
            return ()
        parts.append(next(group for group in match.groups() if group is not None))
        position = match.end()
    return tuple(parts) if position == len(value) else ()


def check_rules(rules: tuple[Rule, ...], document: Any) -> list[tuple[str, str]]:
    """Evaluate ``rules`` on a document: ``(path, message)`` per rule that is not true (or fails to evaluate)."""
    findings: list[tuple[str, str]] = []
    # Rules at one location share their schema node: each value is converted once for all of them (the
    # document and the schema outlive the loop, so their ids stay theirs).
    converted: dict[tuple[int, int], Any] = {}
    for rule in rules:
        for parts, value in _values(document, rule.location, ()):
            programs = rule.programs
            if programs is None:
                break
            if programs.error:
                findings.append((render_path(parts), programs.error))
                break
            key = (id(value), id(rule.schema))
            if key not in converted:
                converted[key] = to_cel(value, rule.schema)
            problem = _evaluate(rule, programs, converted[key])
            if problem is not None:
                findings.append((render_path((*parts, *problem[0])), problem[1]))
    return findings


def _evaluate(rule: Rule, programs: Programs, value: Any) -> tuple[Parts, str] | None:
    """``None`` if the rule holds, else (the path below the value, the message)."""
    result = crdcel.run(programs.program, value)
    if result.error is not None:
        if result.no_overload:
            signature = "call arguments did not match a supported operator, function or macro signature"
            return (), f"'{result.error}': {signature} for rule: {_rule_text(rule)}"
        return (), f"{result.error} evaluating rule: {_rule_text(rule)}"
    if result.value is True:
        return None
    return rule.field_path, _message(rule, programs, value)


def _message(rule: Rule, programs: Programs, value: Any) -> str:
    if programs.message_program is not None:
        result = crdcel.run(programs.message_program, value)
        text = result.value.strip() if isinstance(result.value, str) else ""
        if text and "\n" not in text and "\r" not in text:
            return str(text)
    return rule.message.strip() or f"failed rule: {_rule_text(rule)}"


def _rule_text(rule: Rule) -> str:
    """The API server's ``ruleErrorString``: the quoted message if any, else the rule."""
    return f"'{rule.message.strip()}'" if rule.message.strip() else rule.rule


def _values(node: Any, location: tuple[str, ...], parts: Parts) -> Iterator[tuple[Parts, Any]]:
    if not location:
        yield parts, node
        return
    head, rest = location[0], location[1:]
    if head == "[]" and isinstance(node, list):
        for index, item in enumerate(node):
            yield from _values(item, rest, (*parts, index))
    elif head == "*" and isinstance(node, dict):
        for key in sorted(node, key=str):
            yield from _values(node[key], rest, (*parts, str(key)))
    elif isinstance(node, dict) and head in node:
        yield from _values(node[head], rest, (*parts, head))
