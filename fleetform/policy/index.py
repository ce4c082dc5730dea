"""Which Kubernetes policies can match an object, looked up by what its ``resourceRules`` depend on.

Testing every policy's ``matchConstraints`` against every object is ~30 rule tests per object; the rules
depend only on the object's group, version, resource, scope and (rarely) name, which few distinct objects
differ in. The index answers per distinct key once; selectors (labels) are still tested per object.
"""

from __future__ import annotations

from typing import Any

from fleetform.policy.match import Request, resource_rules_match, selectors_match
from fleetform.policy.model import Policy

_Key = tuple[str, str, str, bool]


class PolicyIndex:
    """The admission and fleet policies, in their given order, indexed by request key."""

    def __init__(self, policies: list[Policy]) -> None:
        self._policies = policies
        self._by_name = [_uses_names(p.match) for p in policies]
        self._cache: dict[_Key, list[tuple[Policy, bool]]] = {}

    def matching(self, request: Request, namespace_labels: dict[str, str]) -> list[Policy]:
        """The policies whose ``matchConstraints`` match ``request``, as :func:`constraints_match` decides."""
        key = (request.group, request.version, request.resource, request.namespaced)
        candidates = self._cache.get(key)
        if candidates is None:
            candidates = self._cache[key] = [
                (policy, by_name)
                for policy, by_name in zip(self._policies, self._by_name, strict=True)
                if by_name or resource_rules_match(policy.match, request)
            ]
        return [
            policy
            for policy, by_name in candidates
            if (not by_name or resource_rules_match(policy.match, request))
            and selectors_match(policy.match, request, namespace_labels)
        ]


def _uses_names(constraints: dict[str, Any]) -> bool:
    """Rules with ``resourceNames`` depend on the object's name: those policies are not cached."""
    rules = [*(constraints.get("resourceRules") or []), *(constraints.get("excludeResourceRules") or [])]
    return any(isinstance(rule, dict) and rule.get("resourceNames") for rule in rules)
