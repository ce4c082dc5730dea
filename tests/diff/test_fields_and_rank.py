"""Field-level changes, and the category each change is ranked in."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform.diff import rank, terraform
from fleetform.diff.fields import Change, changes, display
from fleetform.diff.fold import edit_text, value_text


def _changes(old: Any, new: Any) -> list[tuple[str, str, Any, Any]]:
    return [(display(c.path), c.op, c.old, c.new) for c in changes(old, new)]


def test_named_list_items_are_matched_by_name() -> None:
    old = {"containers": [{"name": "api", "image": "a"}, {"name": "sidecar", "image": "s"}]}
    new = {"containers": [{"name": "sidecar", "image": "s2"}, {"name": "api", "image": "a"}, {"name": "x"}]}
    assert _changes(old, new) == [
        ("containers[sidecar].image", "changed", "s", "s2"),
        ("containers[x]", "added", None, {"name": "x"}),
    ]


def test_scalar_lists_are_sets_and_a_reordering_is_one_change() -> None:
    assert _changes({"a": ["x", "y"]}, {"a": ["y", "z"]}) == [("a", "removed", "x", None), ("a", "added", None, "z")]
    assert _changes({"a": ["x", "y"]}, {"a": ["y", "x"]}) == [("a", "changed", ["x", "y"], ["y", "x"])]


def test_other_lists_by_position_and_cdk_metadata_ignored() -> None:
    old = {"//": {"path": "a"}, "rule": [{"p": 1}], "k": 1}
    new = {"//": {"path": "b"}, "rule": [{"p": 2}, {"p": 3}], "k": 1}
    assert _changes(old, new) == [("rule[0].p", "changed", 1, 2), ("rule[1]", "added", None, {"p": 3})]
    assert _changes({"//": 1}, {"//": 2}) == []


def test_values_read_on_one_line() -> None:
    assert value_text({"b": [1, True], "a": None}) == '{"a": null, "b": [1, true]}'
    assert value_text("x@sha256:" + "a" * 64) == "x@sha256:aaaaaaaaaaaa…"
    assert value_text("a\n  b\n") == "a b"
    long_old, long_new = "x" * 200 + " old tail", "x" * 200 + " new tail"
    # 30 characters before the first difference (the space before "old" is common)
    assert edit_text("changed", long_old, long_new) == "…" + "x" * 29 + " old tail → …" + "x" * 29 + " new tail"
    assert edit_text("added", None, 3) == "added: 3"
    assert edit_text("removed", False, None) == "removed: false"


@pytest.mark.parametrize(
    ("kind", "api", "path", "op", "old", "new", "category"),
    [
        ("Deployment", "apps/v1", ("metadata", "labels", "team"), "changed", "a", "b", None),
        (
            "Deployment",
            "apps/v1",
            ("spec", "template", "spec", "containers", "[api]", "image"),
            "changed",
            "a",
            "b",
            "images",
        ),
        (
            "Deployment",
            "apps/v1",
            ("spec", "template", "spec", "containers", "[api]", "resources", "limits", "cpu"),
            "changed",
            "1",
            "2",
            "resources",
        ),
        (
            "Deployment",
            "apps/v1",
            ("spec", "template", "spec", "securityContext", "runAsNonRoot"),
            "removed",
            True,
            None,
            "security-context",
        ),
        ("Deployment", "apps/v1", ("spec", "template", "spec", "hostNetwork"), "added", None, True, "security-context"),
        ("Deployment", "apps/v1", ("spec", "replicas"), "changed", 2, 3, "replicas"),
        ("HorizontalPodAutoscaler", "autoscaling/v2", ("spec", "maxReplicas"), "changed", 3, 4, "replicas"),
        ("Role", "rbac.authorization.k8s.io/v1", ("rules", "[0]", "verbs"), "added", None, "delete", "rbac"),
        ("AuthorizationPolicy", "security.istio.io/v1", ("spec", "rules"), "changed", [], [{}], "network"),
        (
            "ValidatingAdmissionPolicyBinding",
            "admissionregistration.k8s.io/v1",
            ("spec", "matchResources"),
            "changed",
            1,
            2,
            "admission",
        ),
        (
            "HelmRelease",
            "helm.toolkit.fluxcd.io/v2",
            ("spec", "chart", "spec", "version"),
            "changed",
            "1.0.0",
            "1.0.1",
            "charts",
        ),
        ("HelmRelease", "helm.toolkit.fluxcd.io/v2", ("spec", "interval"), "changed", "10m", "1m", "flux"),
        ("GitRepository", "source.toolkit.fluxcd.io/v1", ("spec", "ref", "branch"), "changed", "main", "dev", "flux"),
        ("Service", "v1", ("spec", "type"), "changed", "ClusterIP", "LoadBalancer", "public-exposure"),
        (
            "HelmRelease",
            "helm.toolkit.fluxcd.io/v2",
            ("spec", "values", "service", "annotations", "service.beta.kubernetes.io/azure-load-balancer-internal"),
            "removed",
            "true",
            None,
            "public-exposure",
        ),
        ("ConfigMap", "v1", ("data", "LOG_LEVEL"), "changed", "INFO", "DEBUG", None),
    ],
)
def test_kubernetes_categories(
    kind: str, api: str, path: tuple[str, ...], op: str, old: Any, new: Any, category: str | None
) -> None:
    assert rank.kubernetes_field(kind, api, path, op, old, new) == category


@pytest.mark.parametrize(
    ("rtype", "body", "path", "op", "old", "new", "category"),
    [
        ("aws_db_instance", {}, ("deletion_protection",), "changed", True, False, "protection-off"),
        ("google_sql_database_instance", {}, ("deletion_protection",), "removed", True, None, "protection-off"),
        ("aws_db_instance", {}, ("deletion_protection",), "changed", False, True, None),
        ("aws_s3_bucket", {}, ("force_destroy",), "changed", False, True, "protection-off"),
        ("google_storage_bucket", {}, ("lifecycle", "prevent_destroy"), "changed", True, False, "protection-off"),
        ("aws_db_instance", {}, ("kms_key_id",), "removed", "${aws_kms_key.k.arn}", None, "encryption-off"),
        ("aws_msk_cluster", {}, ("encryption_info",), "removed", [{"a": 1}], None, "encryption-off"),
        ("terraform", {}, ("backend", "s3", "encrypt"), "changed", True, False, "encryption-off"),
        ("aws_db_instance", {}, ("kms_key_id",), "changed", "a", "b", None),
        ("azurerm_storage_account", {}, ("public_network_access_enabled",), "changed", False, True, "public-exposure"),
        (
            "google_container_cluster",
            {},
            ("private_cluster_config", "[0]", "enable_private_endpoint"),
            "changed",
            True,
            False,
            "public-exposure",
        ),
        (
            "google_storage_bucket",
            {},
            ("public_access_prevention",),
            "changed",
            "enforced",
            "inherited",
            "public-exposure",
        ),
        ("google_compute_firewall", {}, ("source_ranges",), "added", None, "0.0.0.0/0", "public-exposure"),
        (
            "google_compute_firewall",
            {"direction": "EGRESS"},
            ("destination_ranges",),
            "added",
            None,
            "0.0.0.0/0",
            "network",
        ),
        (
            "azurerm_network_security_rule",
            {"direction": "Inbound"},
            ("source_address_prefix",),
            "changed",
            "10.0.0.0/8",
            "*",
            "public-exposure",
        ),
        ("aws_vpc_security_group_egress_rule", {}, ("cidr_ipv4",), "changed", "10.0.0.0/8", "0.0.0.0/0", "network"),
        ("aws_route", {}, ("destination_cidr_block",), "changed", "10.0.0.0/8", "0.0.0.0/0", None),
        (
            "aws_eks_cluster",
            {},
            ("vpc_config", "[0]", "public_access_cidrs"),
            "added",
            None,
            "0.0.0.0/0",
            "public-exposure",
        ),
        ("azurerm_network_security_group", {}, ("tags", "owner"), "changed", "a", "b", None),
        ("aws_iam_role_policy", {}, ("policy",), "changed", "a", "b", "rbac"),
        ("azurerm_role_assignment", {}, ("scope",), "changed", "a", "b", "rbac"),
        ("aws_eks_node_group", {}, ("scaling_config", "[0]", "max_size"), "changed", 3, 4, None),
    ],
)
def test_terraform_categories(
    rtype: str, body: dict[str, Any], path: tuple[str, ...], op: str, old: Any, new: Any, category: str | None
) -> None:
    assert terraform.field(rtype, body, path, op, old, new) == category


def test_terraform_objects_that_appear_or_go() -> None:
    assert terraform.resource("aws_s3_bucket", "resource", "removed", {}) == "destroyed"
    assert terraform.resource("aws_s3_bucket", "data", "removed", {}) is None
    assert terraform.resource("aws_lb", "resource", "added", {"internal": False}) is None
    assert terraform.resource(
        "aws_security_group", "resource", "added", {"ingress": [{"cidr_blocks": ["0.0.0.0/0"]}]}
    ) == ("public-exposure")
    assert terraform.resource("aws_iam_role", "resource", "added", {}) == "rbac"
    assert rank.kubernetes_object("Service", "added", {"spec": {"type": "NodePort"}}) == "public-exposure"
    assert rank.kubernetes_object("Service", "removed", {"spec": {"type": "NodePort"}}) is None
    assert rank.kubernetes_object("PodDisruptionBudget", "removed", {}) == "replicas"


def test_categories_are_ranked_riskiest_first() -> None:
    assert [c.id for c in rank.CATEGORIES][:4] == ["destroyed", "protection-off", "encryption-off", "public-exposure"]
    assert rank.rank("images") < rank.rank("replicas") < rank.rank(None)
    assert Change(("a",), "added", None, 1).path == ("a",)
