"""``matchConstraints`` of a ValidatingAdmissionPolicy for the CREATE of one object, and the ``match``
of a Terraform policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetform.policy.resources import is_namespaced, resource_of
from fleetform.policy.selectors import selector_matches


@dataclass(frozen=True)
class Request:
    """What the API server knows about a CREATE before calling admission."""

    group: str
    version: str
    kind: str
    resource: str
    name: str
    namespace: str | None
    namespaced: bool
    labels: dict[str, str]

    @staticmethod
    def of(data: dict[str, Any]) -> Request:
        api_version = str(data.get("apiVersion", ""))
        group, _, version = api_version.rpartition("/")
        kind = str(data.get("kind", ""))
        meta = data.get("metadata") or {}
        namespace = meta.get("namespace")
        return Request(
            group,
            version,
            kind,
            resource_of(kind),
            str(meta.get("name", "")),
            namespace,
            is_namespaced(kind, namespace),
            dict(meta.get("labels") or {}),
        )

    def as_cel(self) -> dict[str, Any]:
        """The ``request`` CEL variable (an AdmissionRequest)."""
        gvk = {"group": self.group, "version": self.version, "kind": self.kind}
        gvr = {"group": self.group, "version": self.version, "resource": self.resource}
        return {
            "uid": "",
            "kind": gvk,
            "resource": gvr,
            "requestKind": gvk,
            "requestResource": gvr,
            "name": self.name,
            "namespace": self.namespace or "",
            "operation": "CREATE",
            "userInfo": {"username": "fleetform", "groups": ["system:authenticated"]},
            "dryRun": False,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
        }


def constraints_match(constraints: dict[str, Any], request: Request, namespace_labels: dict[str, str]) -> bool:
    """``resourceRules``, ``excludeResourceRules``, ``namespaceSelector`` and ``objectSelector``."""
    return resource_rules_match(constraints, request) and selectors_match(constraints, request, namespace_labels)


def resource_rules_match(constraints: dict[str, Any], request: Request) -> bool:
    """``resourceRules`` match and ``excludeResourceRules`` do not (no labels involved)."""
    if not any(_rule_matches(rule, request) for rule in constraints.get("resourceRules") or []):
        return False
    return not any(_rule_matches(rule, request) for rule in constraints.get("excludeResourceRules") or [])


def selectors_match(constraints: dict[str, Any], request: Request, namespace_labels: dict[str, str]) -> bool:
    """``objectSelector`` and ``namespaceSelector`` (objects of cluster-scoped kinds ignore the latter)."""
    if not selector_matches(constraints.get("objectSelector"), request.labels):
        return False
    if request.kind == "Namespace" and request.group == "":
        return selector_matches(constraints.get("namespaceSelector"), request.labels)
    if request.namespaced:
        return selector_matches(constraints.get("namespaceSelector"), namespace_labels)
    return True


def _rule_matches(rule: dict[str, Any], request: Request) -> bool:
    scope = rule.get("scope", "*")
    if scope != "*" and (scope == "Namespaced") != request.namespaced:
        return False
    names = rule.get("resourceNames") or []
    return (
        _any(rule.get("apiGroups"), request.group)
        and _any(rule.get("apiVersions"), request.version)
        and _any(rule.get("operations"), "CREATE")
        and any(r in ("*", "*/*", request.resource) for r in rule.get("resources") or [])
        and (not names or request.name in names)
    )


def _any(allowed: list[str] | None, value: str) -> bool:
    return bool(allowed) and ("*" in allowed or value in allowed)  # type: ignore[operator]


def terraform_matches(match: dict[str, Any], tf_type: str) -> bool:
    """``match.resourceTypes``: Terraform resource types, ``*`` for all; ``excludeResourceTypes``."""
    types = match.get("resourceTypes") or []
    return ("*" in types or tf_type in types) and tf_type not in (match.get("excludeResourceTypes") or [])
