"""In-cluster enforcement: the Kubernetes policies of ``policies/`` as ValidatingAdmissionPolicies, each with
a ValidatingAdmissionPolicyBinding (and its params ConfigMap where the policy has a paramKind).

Fleet rules and Terraform policies are not emitted: the API server sees one object at a time. Waivers that
name objects exactly (``<apiVersion> <Kind> <namespace pattern>/<name>``) become the binding's
``excludeResourceRules``, so the cluster does not deny what the pre-commit gate accepted; expiry is not
applied here (output must not depend on the date: the gate fails on expired waivers instead).
"""

from __future__ import annotations

import copy
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

from fleetform.cel.env import CelEngine
from fleetform.policy.compiled import read_compiled
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies
from fleetform.policy.model import Policy
from fleetform.policy.podsecurity import VERSION_VARIABLE, minor
from fleetform.policy.resources import resource_of
from fleetform.policy.runner import NAME_LABEL
from fleetform.policy.waivers import Waiver, load_waivers
from fleetform.settings import Cluster

API_VERSION = "admissionregistration.k8s.io/v1"


def admission_objects(cluster: Cluster, policies_dir: Path = DEFAULT_POLICIES) -> list[dict[str, Any]]:
    """Policies, then bindings, then params, each sorted by name; plain dicts ready to render as YAML."""
    policies = _admission_policies(policies_dir.resolve())
    waivers = _waivers(policies_dir.resolve())
    vaps = [_policy(p, cluster) for p in policies]
    bindings = [_binding(p, cluster, [w for w in waivers if w.policy == p.id]) for p in policies]
    params = [_params(p, cluster) for p in policies if p.param_kind is not None]
    return vaps + bindings + params


@lru_cache(maxsize=4)
def _admission_policies(policies_dir: Path) -> list[Policy]:
    """Loaded (and their CEL compiled, so a broken policy fails synth) once per process."""
    compiled = read_compiled(policies_dir)
    engine = CelEngine(shipped=compiled.program if compiled is not None else None)
    return [p for p in load_policies(policies_dir, engine, compiled=compiled) if p.kind == "admission"]


def _policy(policy: Policy, cluster: Cluster) -> dict[str, Any]:
    """The policy as the library has it, with the cluster's Kubernetes version in :data:`VERSION_VARIABLE`
    (what Pod Security's 'latest' means on that cluster's API server)."""
    doc = copy.deepcopy(policy.document)
    for variable in doc["spec"].get("variables") or []:
        if variable.get("name") == VERSION_VARIABLE:
            variable["expression"] = str(minor(cluster.platform.kubernetes_version))
    return {
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicy",
        "metadata": doc["metadata"],
        "spec": doc["spec"],
    }


@lru_cache(maxsize=4)
def _waivers(policies_dir: Path) -> list[Waiver]:
    file = policies_dir / "waivers.yaml"
    return load_waivers(file) if file.is_file() else []


def _binding(policy: Policy, cluster: Cluster, waivers: list[Waiver]) -> dict[str, Any]:
    """Scoped to the platform's namespace, so other tenants of the cluster are never denied by these rules."""
    match: dict[str, Any] = {
        "namespaceSelector": {
            "matchExpressions": [{"key": NAME_LABEL, "operator": "In", "values": [cluster.namespace]}]
        }
    }
    excluded = _excluded(waivers, cluster.namespace)
    if excluded:
        match["excludeResourceRules"] = excluded
    spec: dict[str, Any] = {
        "policyName": policy.id,
        "validationActions": list(cluster.env.admission_actions),
        "matchResources": match,
    }
    if policy.param_kind is not None:
        spec["paramRef"] = {
            "name": _params_name(policy),
            "namespace": cluster.namespace,
            "parameterNotFoundAction": "Deny",
        }
    return {
        "apiVersion": API_VERSION,
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": policy.id},
        "spec": spec,
    }


def _excluded(waivers: list[Waiver], namespace: str) -> list[dict[str, Any]]:
    """``excludeResourceRules`` for the waived objects with exact names in ``namespace``."""
    names: dict[tuple[str, str, str], set[str]] = {}
    for pattern in (p for w in waivers for p in w.objects):
        api_version, _, rest = pattern.partition(" ")
        kind, _, where = rest.partition(" ")
        ns, _, name = where.rpartition("/")
        if not name or any(c in name + kind + api_version for c in "*?[") or not fnmatchcase(namespace, ns):
            continue
        group, _, version = api_version.rpartition("/")
        names.setdefault((group, version, resource_of(kind)), set()).add(name)
    return [
        {
            "apiGroups": [group],
            "apiVersions": [version],
            "operations": ["*"],
            "resources": [resource],
            "resourceNames": sorted(found),
        }
        for (group, version, resource), found in sorted(names.items())
    ]


def _params_name(policy: Policy) -> str:
    return f"{policy.id}-params"


def _params(policy: Policy, cluster: Cluster) -> dict[str, Any]:
    params = policy.params_for(cluster.environment) or {}
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": _params_name(policy), "namespace": cluster.namespace},
        "data": dict(params.get("data") or {}),
    }
