"""Policies as data: what was loaded from ``policies/<id>/policy.yaml``, with its CEL compiled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fleetform.cel.env import Program

Kind = Literal["admission", "fleet", "terraform"]

#: ``kind`` of policy.yaml -> what the policy is.
KINDS: dict[tuple[str, str], Kind] = {
    ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"): "admission",
    ("policy.fleetform.io/v1alpha1", "FleetRule"): "fleet",
    ("policy.fleetform.io/v1alpha1", "TerraformPolicy"): "terraform",
}

ANNOTATION = "policy.fleetform.io/"


@dataclass(frozen=True)
class Meta:
    """Human metadata, from the ``policy.fleetform.io/*`` annotations."""

    title: str
    severity: str
    category: str
    rationale: str
    promise: str
    controls: tuple[str, ...]


@dataclass(frozen=True)
class Named:
    """A named compiled expression (matchCondition, variable, audit annotation)."""

    name: str
    program: Program


@dataclass(frozen=True)
class Validation:
    expression: Program
    message: str | None
    message_expression: Program | None
    reason: str


@dataclass(frozen=True)
class Policy:
    """One policy folder. ``match`` is ``matchConstraints`` (admission, fleet) or ``match`` (terraform)."""

    id: str
    kind: Kind
    file: str
    meta: Meta
    document: dict[str, Any]
    match: dict[str, Any]
    match_conditions: tuple[Named, ...]
    variables: tuple[Named, ...]
    validations: tuple[Validation, ...]
    audit_annotations: tuple[Named, ...]
    failure_policy: str
    param_kind: dict[str, Any] | None
    params: dict[str, dict[str, Any]]
    #: Fleet rules: the kinds ``objects`` holds (``spec.objectKinds``; empty: every object of the cluster).
    object_kinds: tuple[str, ...] = ()
    #: Terraform policies: the resource types ``stack.resource`` holds (``spec.stackTypes``; empty: all).
    stack_types: tuple[str, ...] = ()

    def params_for(self, environment: str | None) -> dict[str, Any] | None:
        """The params object for an environment (``params.yaml``: per environment, else ``default``)."""
        if self.param_kind is None:
            return None
        return self.params.get(environment or "", self.params.get("default"))
