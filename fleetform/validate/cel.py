"""CRD ``x-kubernetes-validations`` CEL rules, evaluated with ``cel-expr-python`` (kubeconform cannot).

Rules are collected once per schema with the schema path they sit at (``*`` for map values, ``[]`` for
list items) and evaluated on every instance value at that path, with ``self`` bound to it. Transition rules
(``oldSelf``) need the previous object and are skipped, as the API server does on create. Rules using
Kubernetes' own CEL libraries (quantity, url, ...) that this CEL build lacks do not compile and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from fleetform.validate.result import Finding


@dataclass(frozen=True)
class Rule:
    """One CEL rule: where it applies in the schema, its expression and its message."""

    location: tuple[str, ...]
    rule: str
    message: str


def collect_rules(schema: dict[str, Any]) -> tuple[Rule, ...]:
    """Every rule in a self-contained (CRD) schema, outermost first."""
    out: list[Rule] = []
    _collect(schema, (), out, depth=0)
    return tuple(out)


def _collect(node: Any, location: tuple[str, ...], out: list[Rule], depth: int) -> None:
    if not isinstance(node, dict) or depth > 64:
        return
    for entry in node.get("x-kubernetes-validations", []):
        if isinstance(entry, dict) and isinstance(entry.get("rule"), str) and "oldSelf" not in entry["rule"]:
            out.append(Rule(location, entry["rule"], str(entry.get("message") or "")))
    for name, sub in sorted(node.get("properties", {}).items()):
        _collect(sub, (*location, name), out, depth + 1)
    if isinstance(node.get("items"), dict):
        _collect(node["items"], (*location, "[]"), out, depth + 1)
    if isinstance(node.get("additionalProperties"), dict):
        _collect(node["additionalProperties"], (*location, "*"), out, depth + 1)


def check_rules(rules: tuple[Rule, ...], document: Any) -> list[Finding]:
    """Evaluate ``rules`` on a document; a rule that is false (or fails to evaluate) is a finding."""
    findings: list[Finding] = []
    for rule in rules:
        expression = _compiled(rule.rule)
        if expression is None:
            continue
        for path, value in _values(document, rule.location, ""):
            problem = _evaluate(expression, rule, value)
            if problem is not None:
                findings.append(Finding(path, problem))
    return findings


def _evaluate(expression: Any, rule: Rule, value: Any) -> str | None:
    try:
        outcome = expression.eval(data={"self": value}).plain_value()
    except Exception as err:  # cel raises plain RuntimeErrors for missing keys, type errors, ...
        return f"rule {rule.rule!r} could not be evaluated: {err}"
    if outcome is True:
        return None
    if outcome is not False:
        return f"rule {rule.rule!r} could not be evaluated: {outcome}"
    return rule.message or f"failed rule: {rule.rule}"


def _values(node: Any, location: tuple[str, ...], path: str) -> Iterator[tuple[str, Any]]:
    if not location:
        yield path, node
        return
    head, rest = location[0], location[1:]
    if head == "[]" and isinstance(node, list):
        for index, item in enumerate(node):
            yield from _values(item, rest, f"{path}[{index}]")
    elif head == "*" and isinstance(node, dict):
        for key in sorted(node, key=str):
            yield from _values(node[key], rest, f"{path}.{key}" if path else str(key))
    elif isinstance(node, dict) and head in node:
        yield from _values(node[head], rest, f"{path}.{head}" if path else head)


@cache
def _env() -> Any:
    from cel_expr_python import cel  # imported on first use: most runs have no CEL rules

    return cel.NewEnv(variables={"self": cel.Type.DYN})


@cache
def _compiled(rule: str) -> Any:
    try:
        return _env().compile(rule)
    except Exception:  # a rule using a library this CEL build lacks: skipped (see module doc)
        return None
