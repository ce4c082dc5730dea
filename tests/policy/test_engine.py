"""Admission semantics: matching, matchConditions, variables, messages, failurePolicy, params, context."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.policy.api import check_paths
from tests.policy.helpers import DEPLOYMENT_RULES, DEPLOYMENTS, write_file, write_policy


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "dist/k8s/aws-dev/deployments.yaml", DEPLOYMENTS)
    return tmp_path


def texts(root: Path, spec: str, name: str = "p") -> list[str]:
    write_policy(root, name, spec)
    report = check_paths([Path("dist")], policies_dir=Path("policies"))
    return [f.text for f in report.findings]


def test_message_and_match(tree: Path) -> None:
    spec = (
        DEPLOYMENT_RULES
        + """\
validations:
- expression: object.spec.replicas >= 2
  message: too few replicas
"""
    )
    assert texts(tree, spec) == [
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] too few replicas"
    ]


def test_message_expression_falls_back_and_default_message(tree: Path) -> None:
    spec = (
        DEPLOYMENT_RULES
        + """\
validations:
- expression: "false"
  messageExpression: object.missing
  message: static fallback
- expression: object.spec.replicas > 5
  messageExpression: "'replicas ' + string(object.spec.replicas)"
- expression: object.metadata.name == 'api'
"""
    )
    assert texts(tree, spec) == [
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [p] replicas 3",
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [p] static fallback",
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] failed expression: "
        "object.metadata.name == 'api'",
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] replicas 1",
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] static fallback",
    ]


def test_errors_follow_failure_policy(tree: Path) -> None:
    spec = (
        DEPLOYMENT_RULES
        + """\
validations:
- expression: object.spec.missing > 1
"""
    )
    expected = (
        "[p] expression 'object.spec.missing > 1' resulted in error: NOT_FOUND: Key not found in map : \"missing\""
    )
    assert [t.split(": ", 2)[2] for t in texts(tree, spec)] == [expected, expected]
    write_policy(tree, "q", "failurePolicy: Ignore\n" + spec)
    report = check_paths([Path("dist")], policies_dir=Path("policies"), only=["q"])
    assert report.findings == ()


def test_match_conditions_skip_and_error(tree: Path) -> None:
    spec = (
        DEPLOYMENT_RULES
        + """\
matchConditions:
- name: web-only
  expression: object.metadata.labels.tier == 'web'
- name: broken
  expression: object.nothing == 1
validations:
- expression: "false"
  message: denied
"""
    )
    assert texts(tree, spec) == [
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [p] failed to evaluate matchCondition "
        "'broken': NOT_FOUND: Key not found in map : \"nothing\""
    ]


def test_variables_see_earlier_ones_and_failed_ones_fail_their_users(tree: Path) -> None:
    spec = (
        DEPLOYMENT_RULES
        + """\
variables:
- name: double
  expression: object.spec.replicas * 2
- name: quad
  expression: variables.double * 2
- name: broken
  expression: object.nothing
validations:
- expression: variables.quad > 8
  messageExpression: "'quad is ' + string(variables.quad)"
- expression: variables.broken == 1 || true
"""
    )
    assert texts(tree, spec) == ["dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] quad is 4"]


def test_selectors_and_exclusions(tree: Path) -> None:
    spec = """\
matchConstraints:
  resourceRules:
  - {apiGroups: ["*"], apiVersions: ["*"], operations: ["*"], resources: ["*"]}
  excludeResourceRules:
  - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments], resourceNames: [api]}
  namespaceSelector:
    matchExpressions:
    - {key: kubernetes.io/metadata.name, operator: In, values: [other, ml-dev]}
  objectSelector:
    matchLabels: {tier: batch}
validations:
- expression: "false"
  messageExpression: "request.operation + ' ' + request.resource.resource + ' in ' + namespaceObject.metadata.name"
"""
    assert texts(tree, spec) == [
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] CREATE deployments in other"
    ]


def test_params_per_environment(tree: Path) -> None:
    folder = write_policy(
        tree,
        "p",
        """\
paramKind: {apiVersion: v1, kind: ConfigMap}
"""
        + DEPLOYMENT_RULES
        + """\
validations:
- expression: object.spec.replicas >= int(params.data.min)
  messageExpression: "'below ' + params.data.min"
""",
    )
    write_file(folder, "params.yaml", "default: {min: '2'}\nproduction: {min: '5'}\n")
    write_file(tree, "dist/k8s/aws-production/deployments.yaml", DEPLOYMENTS)
    report = check_paths([Path("dist")], policies_dir=Path("policies"))
    assert [f.text for f in report.findings] == [
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [p] below 2",
        "dist/k8s/aws-production/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [p] below 5",
        "dist/k8s/aws-production/deployments.yaml:6: apps/v1 Deployment other/worker: [p] below 5",
    ]


def test_fleet_rules_see_their_cluster_only(tree: Path) -> None:
    write_policy(
        tree,
        "f",
        DEPLOYMENT_RULES
        + """\
validations:
- expression: objects.filter(o, o.kind == 'Deployment').size() == 3
  messageExpression: "string(objects.size()) + ' objects in this cluster'"
""",
        kind="fleet",
    )
    write_file(tree, "dist/k8s/aws-staging/one.yaml", DEPLOYMENTS.split("---")[0])
    report = check_paths([Path("dist")], policies_dir=Path("policies"))
    assert [f.text for f in report.findings] == [
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [f] 2 objects in this cluster",
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [f] 2 objects in this cluster",
        "dist/k8s/aws-staging/one.yaml:1: apps/v1 Deployment ml-dev/api: [f] 1 objects in this cluster",
    ]


def test_fleet_rules_object_kinds_narrow_objects(tree: Path) -> None:
    write_policy(
        tree,
        "f",
        "objectKinds: [Service]\n"
        + DEPLOYMENT_RULES
        + """\
validations:
- expression: objects.size() == 1
  messageExpression: "string(objects.size()) + ' services'"
""",
        kind="fleet",
    )
    write_file(
        tree,
        "dist/k8s/aws-dev/service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: ml-dev}\n",
    )
    report = check_paths([Path("dist")], policies_dir=Path("policies"))
    assert report.findings == ()
    (tree / "dist/k8s/aws-dev/service.yaml").unlink()
    report = check_paths([Path("dist")], policies_dir=Path("policies"))
    assert [f.message for f in report.findings] == ["0 services", "0 services"]


def test_terraform_context_and_lines(tree: Path) -> None:
    write_policy(
        tree,
        "t",
        """\
match:
  resourceTypes: [aws_s3_bucket]
validations:
- expression: "false"
  messageExpression: >-
    resource.address + ' in ' + cluster.id + ' (' + cluster.cloud + ', ' + cluster.environment + '), ' +
    string(stack.resource.size()) + ' types, force_destroy=' + string(object.force_destroy)
""",
        kind="terraform",
    )
    write_file(
        tree,
        "dist/terraform/aws-production/cdk.tf.json",
        """\
        {
          "resource": {
            "aws_kms_key": {
              "models": {}
            },
            "aws_s3_bucket": {
              "logs": {"force_destroy": true},
              "models": {"force_destroy": false}
            }
          }
        }
        """,
    )
    report = check_paths([Path("dist/terraform")], policies_dir=Path("policies"))
    assert [f.text for f in report.findings] == [
        "dist/terraform/aws-production/cdk.tf.json:7: aws_s3_bucket.logs: [t] aws_s3_bucket.logs in aws-production "
        "(aws, production), 2 types, force_destroy=true",
        "dist/terraform/aws-production/cdk.tf.json:8: aws_s3_bucket.models: [t] aws_s3_bucket.models in "
        "aws-production (aws, production), 2 types, force_destroy=false",
    ]
