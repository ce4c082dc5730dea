"""The fast paths of a policy run give what the slow ones give: the policy index, JSON manifests read by
``json``, block scalars skipped by the reader's heuristics."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform import documents, yaml_fastpath
from fleetform.policy.index import PolicyIndex
from fleetform.policy.match import Request, constraints_match
from fleetform.policy.model import Meta, Policy

RULES: dict[str, dict[str, Any]] = {
    "deployments": {
        "resourceRules": [{"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["*"]}],
        "excludeResourceRules": [
            {"apiGroups": ["apps"], "apiVersions": ["*"], "operations": ["*"], "resources": ["daemonsets"]}
        ],
    },
    "named": {
        "resourceRules": [
            {"apiGroups": [""], "apiVersions": ["v1"], "operations": ["*"], "resources": ["configmaps"]},
            {"apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["*"], "resources": ["*"]},
        ],
        "excludeResourceRules": [
            {"apiGroups": ["*"], "apiVersions": ["*"], "operations": ["*"], "resources": ["*"], "resourceNames": ["x"]}
        ],
    },
    "web-only": {
        "resourceRules": [{"apiGroups": ["*"], "apiVersions": ["*"], "operations": ["CREATE"], "resources": ["*"]}],
        "objectSelector": {"matchLabels": {"tier": "web"}},
        "namespaceSelector": {"matchExpressions": [{"key": "env", "operator": "In", "values": ["dev"]}]},
    },
    "cluster-scoped": {
        "resourceRules": [
            {"apiGroups": ["*"], "apiVersions": ["*"], "operations": ["*"], "resources": ["*"], "scope": "Cluster"}
        ]
    },
}


def _policy(name: str, match: dict[str, Any]) -> Policy:
    meta = Meta("t", "low", "c", "r", "p", ())
    return Policy(name, "admission", "f", meta, {}, match, (), (), (), (), "Fail", None, {})


def _request(api_version: str, kind: str, name: str, namespace: str | None, labels: dict[str, str]) -> Request:
    meta: dict[str, Any] = {"name": name, "labels": labels}
    if namespace is not None:
        meta["namespace"] = namespace
    return Request.of({"apiVersion": api_version, "kind": kind, "metadata": meta})


def test_index_matches_as_constraints_match() -> None:
    policies = [_policy(name, match) for name, match in RULES.items()]
    index = PolicyIndex(policies)
    cases = [
        (_request("apps/v1", "Deployment", "api", "ml-dev", {"tier": "web"}), {"env": "dev"}),
        (_request("apps/v1", "Deployment", "x", "ml-dev", {"tier": "web"}), {"env": "prod"}),
        (_request("apps/v1", "DaemonSet", "agent", "ml-dev", {}), {"env": "dev"}),
        (_request("v1", "ConfigMap", "x", "ml-dev", {"tier": "web"}), {"env": "dev"}),
        (_request("v1", "ConfigMap", "y", "ml-dev", {}), {}),
        (_request("v1", "Namespace", "ml-dev", None, {"tier": "web", "env": "dev"}), {}),
    ]
    expected = [
        ["deployments", "named", "web-only"],
        ["deployments"],
        ["named"],
        ["web-only"],
        ["named"],
        ["web-only", "cluster-scoped"],
    ]
    for _ in range(2):  # the second round is answered from the index's cache
        got = [[p.id for p in index.matching(request, labels)] for request, labels in cases]
        assert got == expected
    assert expected == [[p.id for p in policies if constraints_match(p.match, r, labels)] for r, labels in cases]


def _read(text: str, strict: bool = False) -> list[tuple[int, Any]]:
    return [(d.line, d.data) for d in documents.read_documents("x.json", text, strict=strict)]


def test_json_manifests_read_as_pyyaml_reads_them() -> None:
    text = '\n\n{"apiVersion": "v1", "kind": "ConfigMap",\n "data": {"a": 1.5, "b": -0, "c": null, "d": "on"}}\n'
    assert documents._json_documents(text, strict=True) is not None
    assert _read(text) == [
        (3, {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": 1.5, "b": 0, "c": None, "d": "on"}})
    ]


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ('{"a": [1e5, 1.5E+3]}', {"a": ["1e5", 1500.0]}),  # YAML 1.1 floats need a '.' and a signed exponent
        ('{"a": "x\u0085y"}', {"a": "x y"}),  # YAML 1.1 folds U+0085 in a quoted scalar
        ('{"a":\t1}', {"a": 1}),
    ],
)
def test_json_that_pyyaml_may_read_differently_goes_to_pyyaml(text: str, data: dict[str, Any]) -> None:
    assert documents._json_documents(text, strict=False) is None
    assert [(d.line, d.data) for d in documents._slow_documents("x.json", text, False)] == [(1, data)]


def test_json_duplicate_keys_keep_the_last_value_when_not_strict() -> None:
    assert documents._json_documents('{"a": 1, "b": 0, "a": 2}', strict=False) == [(1, {"a": 2, "b": 0})]


def test_json_duplicate_keys_fail_when_strict_with_pyyaml_wording() -> None:
    assert documents._json_documents('{"a": 1, "a": 2}', strict=True) is None
    with pytest.raises(documents.DocumentError, match=r"^duplicate key 'a' \(first at line 1\)$"):
        _read('{"a": 1, "a": 2}', strict=True)


def test_block_scalars_are_blanked_after_their_header_only() -> None:
    text = "a: !x\nb: |\n  c: !y\n\n  d\ne: >-\n    f\n  g: h\ni: j |\n"
    assert yaml_fastpath.without_block_scalars(text) == "a: !x\nb: |\n\n\n\ne: >-\n\n\ni: j |\n"
