"""Kubernetes label selectors (``matchLabels`` + ``matchExpressions``)."""

from __future__ import annotations

from typing import Any


def selector_matches(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """An absent or empty selector matches everything, as in ``matchConstraints``."""
    if not selector:
        return True
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    return all(_expression(expr, labels) for expr in selector.get("matchExpressions") or [])


def _expression(expr: dict[str, Any], labels: dict[str, str]) -> bool:
    key, operator, values = expr.get("key", ""), expr.get("operator"), expr.get("values") or []
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    return False
