"""In-cluster enforcement objects: one ValidatingAdmissionPolicy and binding per Kubernetes policy, schema-valid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from fleetform.policy.emit import admission_objects
from fleetform.policy.loader import DEFAULT_POLICIES
from fleetform.settings import Cluster, load_settings

REPO = Path(__file__).resolve().parents[2]
CLUSTERS = {c.id: c for c in load_settings(REPO / "settings").clusters()}


def _admission_ids() -> list[str]:
    """The library's ValidatingAdmissionPolicies, read here straight from their policy.yaml files."""
    return sorted(
        file.parent.name
        for file in DEFAULT_POLICIES.glob("*/policy.yaml")
        if yaml.safe_load(file.read_text(encoding="utf-8"))["kind"] == "ValidatingAdmissionPolicy"
    )


def _schema_error(obj: dict[str, Any]) -> str | None:
    try:
        kubernetes_validate.validate(obj, "1.32", strict=True)
    except kubernetes_validate.ValidationError as err:
        return f"{obj['kind']} {obj['metadata']['name']}: {err.message}"
    return None


@pytest.mark.parametrize("cluster_id", ["aws-production", "gcp-dev"])
def test_every_admission_policy_has_a_binding_and_all_are_schema_valid(cluster_id: str) -> None:
    objects = admission_objects(CLUSTERS[cluster_id])
    ids = _admission_ids()
    assert ids == sorted(f.name for f in DEFAULT_POLICIES.iterdir() if f.name.startswith("k8s-"))  # not fleet-, tf-
    assert [(o["kind"], o["metadata"]["name"]) for o in objects] == [
        *(("ValidatingAdmissionPolicy", i) for i in ids),
        *(("ValidatingAdmissionPolicyBinding", i) for i in ids),
        ("ConfigMap", "k8s-hpa-bounds-params"),  # the one policy with a params.yaml
    ]
    assert [_schema_error(o) for o in objects] == [None] * len(objects)


def test_production_denies_and_other_environments_warn() -> None:
    def actions(cluster: Cluster) -> set[tuple[str, ...]]:
        return {
            tuple(o["spec"]["validationActions"])
            for o in admission_objects(cluster)
            if o["kind"] == "ValidatingAdmissionPolicyBinding"
        }

    assert actions(CLUSTERS["azure-production"]) == {("Deny",)}
    assert actions(CLUSTERS["azure-staging"]) == {("Warn", "Audit")}


def test_policies_bindings_and_params() -> None:
    objects = admission_objects(CLUSTERS["aws-production"])
    kinds = [o["kind"] for o in objects]
    names = [o["metadata"]["name"] for o in objects if o["kind"] == "ValidatingAdmissionPolicy"]
    assert names == sorted(names) and "k8s-pss-run-as-non-root" in names
    assert not any(n.startswith(("fleet-", "tf-")) for n in names)
    assert kinds.count("ValidatingAdmissionPolicyBinding") == len(names)
    binding = next(
        o
        for o in objects
        if o["kind"] == "ValidatingAdmissionPolicyBinding" and o["metadata"]["name"] == "k8s-hpa-bounds"
    )
    assert binding["spec"] == {
        "policyName": "k8s-hpa-bounds",
        "validationActions": ["Deny"],
        "matchResources": {
            "namespaceSelector": {
                "matchExpressions": [
                    {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["ml-production"]}
                ]
            }
        },
        "paramRef": {"name": "k8s-hpa-bounds-params", "namespace": "ml-production", "parameterNotFoundAction": "Deny"},
    }
    assert objects[-1] == {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "k8s-hpa-bounds-params", "namespace": "ml-production"},
        "data": {"minReplicas": "3", "maxReplicas": "50"},
    }


def test_exactly_named_waivers_are_excluded_in_cluster() -> None:
    bindings = {
        o["metadata"]["name"]: o
        for o in admission_objects(CLUSTERS["gcp-staging"])
        if o["kind"] == "ValidatingAdmissionPolicyBinding"
    }
    binding = bindings["k8s-istio-mtls-strict"]
    assert binding["spec"]["matchResources"]["excludeResourceRules"] == [
        {
            "apiGroups": ["security.istio.io"],
            "apiVersions": ["v1"],
            "operations": ["*"],
            "resources": ["peerauthentications"],
            "resourceNames": ["api", "model-worker"],
        }
    ]
