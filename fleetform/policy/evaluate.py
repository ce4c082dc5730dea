"""Evaluate one policy on one object as the API server does after matching: matchConditions, variables,
validations (message, messageExpression, reason) and auditAnnotations, with the failurePolicy applied.

Variables are inlined into the expressions that read them at load time (:mod:`fleetform.policy.inline`),
so every expression of every policy runs on the object's one Activation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetform.cel.env import CelEngine, Outcome
from fleetform.policy.model import Policy, Validation


@dataclass(frozen=True)
class Violation:
    """One denial: the message the API server would return, and its reason."""

    message: str
    reason: str


class Context:
    """The CEL variables of one object, with one Activation built on first use and reused by every policy
    that needs nothing more (policies with params get their own)."""

    def __init__(self, engine: CelEngine, data: dict[str, Any]) -> None:
        self.engine = engine
        self.data = data
        self._activation: Any = None

    def activation(self, extra: dict[str, Any] | None = None) -> Any:
        if extra:
            return self.engine.activation({**self.data, **extra})
        if self._activation is None:
            self._activation = self.engine.activation(self.data)
        return self._activation


def evaluate(policy: Policy, context: Context, params: dict[str, Any] | None = None) -> list[Violation]:
    """The violations of ``policy`` for the object in ``context`` (empty: admitted or not matched)."""
    activation = context.activation({"params": params} if policy.param_kind is not None else None)
    skip, errors = _match_conditions(policy, activation)
    if skip:
        return []
    if not errors:
        out = [v for validation in policy.validations if (v := _validate(validation, activation)) is not None]
        out.extend(_audit_errors(policy, activation))
    else:
        out = errors
    if policy.failure_policy == "Ignore":
        out = [v for v in out if v.reason != "InternalError"]
    return out


def _match_conditions(policy: Policy, activation: Any) -> tuple[bool, list[Violation]]:
    errors: list[Violation] = []
    for condition in policy.match_conditions:
        outcome = condition.program.run(activation)
        if outcome.error is None and not isinstance(outcome.value, bool):
            outcome = Outcome(error="matchCondition must evaluate to bool")
        if outcome.error is not None:
            errors.append(
                Violation(f"failed to evaluate matchCondition '{condition.name}': {outcome.error}", "InternalError")
            )
        elif outcome.value is False:
            return True, []
    return False, errors


def _validate(validation: Validation, activation: Any) -> Violation | None:
    outcome = validation.expression.run(activation)
    if outcome.error is not None:
        return Violation(
            f"expression '{validation.expression.source}' resulted in error: {outcome.error}", "InternalError"
        )
    if not isinstance(outcome.value, bool):
        return Violation(f"expression '{validation.expression.source}' must evaluate to bool", "InternalError")
    if outcome.value:
        return None
    return Violation(_message(validation, activation), validation.reason)


def _message(validation: Validation, activation: Any) -> str:
    if validation.message_expression is not None:
        outcome = validation.message_expression.run(activation)
        text = outcome.value
        if outcome.error is None and isinstance(text, str) and text.strip() and "\n" not in text:
            return text
    if validation.message:
        return validation.message
    return f"failed expression: {validation.expression.source}"


def _audit_errors(policy: Policy, activation: Any) -> list[Violation]:
    out: list[Violation] = []
    for annotation in policy.audit_annotations:
        outcome = annotation.program.run(activation)
        if outcome.error is not None or not isinstance(outcome.value, str | None):
            problem = outcome.error or "valueExpression must evaluate to a string or null"
            out.append(Violation(f"auditAnnotation '{annotation.name}' resulted in error: {problem}", "InternalError"))
    return out
