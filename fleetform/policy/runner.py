"""Run policies over targets, cluster by cluster: admission policies and fleet rules on Kubernetes objects,
Terraform policies on Terraform resources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fleetform.cel.env import CelEngine
from fleetform.findings.finding import Finding
from fleetform.policy.evaluate import Context, Violation, evaluate
from fleetform.policy.index import PolicyIndex
from fleetform.policy.match import Request, terraform_matches
from fleetform.policy.model import Policy
from fleetform.policy.podsecurity import VERSION_VARIABLE, cluster_version
from fleetform.policy.targets import Target

NAME_LABEL = "kubernetes.io/metadata.name"


def run_policies(engine: CelEngine, policies: list[Policy], targets: list[Target]) -> list[Finding]:
    """Every violation, sorted by file, line, object, policy and message."""
    by_scope: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        by_scope[target.cluster.scope].append(target)
    kube = PolicyIndex([p for p in policies if p.kind in ("admission", "fleet")])
    terraform = [p for p in policies if p.kind == "terraform"]
    matched: dict[str, list[Policy]] = {}

    def by_type(tf_type: str) -> list[Policy]:
        """The Terraform policies that match a resource type (looked up once per type)."""
        if tf_type not in matched:
            matched[tf_type] = [p for p in terraform if terraform_matches(p.match, tf_type)]
        return matched[tf_type]

    findings: list[Finding] = []
    stacks = _Stacks()
    declared = _declared_version(engine, policies)
    for scope_targets in by_scope.values():
        objects = [_as_created(t.data) for t in scope_targets if t.tf_type is None]
        namespaces = {o["metadata"].get("name"): o for o in objects if o.get("kind") == "Namespace"}
        version = cluster_version(namespaces.values())
        variables = {} if declared is None else {VERSION_VARIABLE: declared if version is None else version}
        cluster = _Cluster(namespaces, objects, variables)
        for target, obj in zip((t for t in scope_targets if t.tf_type is None), objects, strict=True):
            findings.extend(_kubernetes(engine, kube, target, obj, cluster))
        for target in scope_targets:
            if target.tf_type is not None:
                findings.extend(_terraform(engine, by_type(target.tf_type), target, stacks))
    return sorted(findings, key=lambda f: f.sort_key)


def _as_created(data: dict[str, Any]) -> dict[str, Any]:
    """The object as admission sees it: Namespaces carry ``kubernetes.io/metadata.name``."""
    obj = dict(data)
    obj["metadata"] = dict(obj.get("metadata") or {})
    if obj.get("kind") == "Namespace" and obj.get("apiVersion") == "v1":
        obj["metadata"]["labels"] = {
            **(obj["metadata"].get("labels") or {}),
            NAME_LABEL: obj["metadata"].get("name", ""),
        }
    return obj


def _namespace_object(namespaces: dict[str, dict[str, Any]], name: str | None) -> dict[str, Any] | None:
    if name is None:
        return None
    found = namespaces.get(name)
    if found is None:  # not in the tree: as the API server would have created it
        found = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": {NAME_LABEL: name}}}
    return found


def _declared_version(engine: CelEngine, policies: list[Policy]) -> int | None:
    """The version the policies' :data:`VERSION_VARIABLE` declares (the newest they know): a cluster
    whose namespaces tell no version is taken to run it."""
    found = [
        outcome.value
        for policy in policies
        for variable in policy.variables
        if variable.name == VERSION_VARIABLE
        and isinstance((outcome := variable.program.run(engine.activation({}))).value, int)
    ]
    return max(found) if found else None


@dataclass
class _Cluster:
    """What the objects of one cluster share: its namespaces by name, all its objects, and the variables
    fleetform supplies (the cluster's version)."""

    namespaces: dict[str, dict[str, Any]]
    objects: list[dict[str, Any]]
    variables: dict[str, Any]
    _of_kinds: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)

    def of_kinds(self, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
        """The objects of these kinds (all of them for none), listed once per cluster."""
        if kinds not in self._of_kinds:
            self._of_kinds[kinds] = [o for o in self.objects if not kinds or o.get("kind") in kinds]
        return self._of_kinds[kinds]


def _kubernetes(
    engine: CelEngine, index: PolicyIndex, target: Target, obj: dict[str, Any], cluster: _Cluster
) -> list[Finding]:
    namespaces, variables = cluster.namespaces, cluster.variables
    request = Request.of(obj)
    namespace = _namespace_object(namespaces, request.namespace) if request.namespaced else None
    ns_labels = (namespace or {}).get("metadata", {}).get("labels") or {}
    policies = index.matching(request, ns_labels)
    if not policies:
        return []
    data = {
        "object": obj,
        "oldObject": None,
        "request": request.as_cel(),
        "namespaceObject": namespace,
        "params": None,
        "variables": variables,
    }
    context = Context(engine, data)
    fleet_contexts: dict[tuple[str, ...], Context] = {}
    out: list[Finding] = []
    for policy in policies:
        if policy.kind == "fleet":
            kinds = policy.object_kinds
            if kinds not in fleet_contexts:  # 'objects' is converted per Activation: keep it to what is needed
                fleet_contexts[kinds] = Context(engine, {**data, "objects": cluster.of_kinds(kinds)})
            violations = evaluate(policy, fleet_contexts[kinds])
        else:
            violations = evaluate(policy, context, policy.params_for(target.cluster.environment))
        out.extend(_findings(policy, target, violations))
    return out


class _Stacks:
    """The ``stack`` each Terraform policy sees: the whole cdk.tf.json, or (``spec.stackTypes``) the same
    with ``resource`` narrowed to the declared types. CEL converts a variable whole on first read (~0.5 ms
    for a stack, per resource), so a narrow stack makes the policies that look around the stack cheap."""

    def __init__(self) -> None:
        self._narrowed: dict[tuple[int, tuple[str, ...]], dict[str, Any]] = {}

    def view(self, stack: dict[str, Any], types: tuple[str, ...]) -> dict[str, Any]:
        if not types:
            return stack
        key = (id(stack), types)
        found = self._narrowed.get(key)
        if found is None:
            resources = stack.get("resource") or {}
            found = {**stack, "resource": {t: resources[t] for t in types if t in resources}}
            self._narrowed[key] = found
        return found


def _terraform(engine: CelEngine, policies: list[Policy], target: Target, stacks: _Stacks) -> list[Finding]:
    """``policies``: those that match the target's resource type."""
    tf_type = target.tf_type or ""
    resource = {"type": tf_type, "name": target.tf_name, "address": target.label}
    contexts: dict[tuple[str, ...], Context] = {}
    out: list[Finding] = []
    for policy in policies:
        context = contexts.get(policy.stack_types)
        if context is None:  # one Activation per stack view: resources are converted once per view
            data = {
                "object": target.data,
                "resource": resource,
                "stack": stacks.view(target.tf_stack, policy.stack_types),
                # 'provider' is small: reading it does not convert the whole stack as 'stack' does.
                "provider": target.tf_stack.get("provider") or {},
                "cluster": target.cluster.data,
            }
            context = contexts[policy.stack_types] = Context(engine, data)
        out.extend(_findings(policy, target, evaluate(policy, context)))
    return out


def _findings(policy: Policy, target: Target, violations: Iterable[Violation]) -> list[Finding]:
    return [
        Finding(
            file=target.file,
            line=target.line,
            object=target.label,
            rule=policy.id,
            message=v.message,
            severity=policy.meta.severity,
            reason=v.reason,
        )
        for v in violations
    ]
