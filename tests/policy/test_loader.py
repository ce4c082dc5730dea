"""Bad policy folders are user errors naming the file, the place and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.cel.env import CelEngine
from fleetform.errors import UserError
from fleetform.policy.loader import load_policies
from tests.policy.helpers import DEPLOYMENT_RULES, write_file, write_policy


@pytest.fixture()
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def error(root: Path) -> str:
    with pytest.raises(UserError) as info:
        load_policies(Path("policies"), CelEngine())
    return info.value.message


def test_cel_that_does_not_compile(root: Path) -> None:
    write_policy(root, "p", DEPLOYMENT_RULES + "validations:\n- expression: object.spec.(\n")
    assert error(root) == (
        "policies/p/policy.yaml: spec.validations[0].expression: CEL does not compile "
        "(1:13: Syntax error: no viable alternative at input '.('); expected a valid CEL expression"
    )


def test_name_must_be_the_folder(root: Path) -> None:
    folder = write_policy(root, "p", DEPLOYMENT_RULES)
    (folder / "policy.yaml").write_text((folder / "policy.yaml").read_text().replace("name: p", "name: q"))
    assert error(root) == "policies/p/policy.yaml:1: metadata.name: 'q' is not the folder name; expected 'p'"


def test_severity_and_kind(root: Path) -> None:
    write_policy(root, "p", DEPLOYMENT_RULES, severity="urgent")
    assert error(root) == (
        "policies/p/policy.yaml: metadata.annotations.policy.fleetform.io/severity: unknown "
        "severity 'urgent'; expected one of: low, medium, high, critical"
    )
    write_file(root, "policies/p/policy.yaml", "apiVersion: v1\nkind: ConfigMap\n")
    assert error(root) == (
        "policies/p/policy.yaml:1: kind: unsupported policy v1 ConfigMap; expected one of: "
        "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy, policy.fleetform.io/v1alpha1 "
        "FleetRule, policy.fleetform.io/v1alpha1 TerraformPolicy"
    )


def test_params_need_a_params_file(root: Path) -> None:
    write_policy(root, "p", "paramKind: {apiVersion: v1, kind: ConfigMap}\n" + DEPLOYMENT_RULES)
    assert error(root) == (
        "policies/p/params.yaml: missing: the policy declares paramKind; expected a params.yaml per environment"
    )


def test_kind_and_type_lists_must_be_lists(root: Path) -> None:
    # A bare string would become its letters: every lookup in 'stack' would silently find nothing.
    write_policy(root, "p", DEPLOYMENT_RULES + "stackTypes: aws_eks_addon\n")
    assert error(root) == (
        "policies/p/policy.yaml: spec.stackTypes: 'aws_eks_addon' is not a list of names; "
        "expected a list such as [a, b]"
    )
    write_policy(root, "p", DEPLOYMENT_RULES + "objectKinds: [Deployment, 3]\n")
    assert error(root) == (
        "policies/p/policy.yaml: spec.objectKinds: ['Deployment', 3] is not a list of names; "
        "expected a list such as [a, b]"
    )


def test_a_policy_file_that_cannot_be_read_is_a_located_error(root: Path) -> None:
    folder = write_policy(root, "p", DEPLOYMENT_RULES)
    (folder / "policy.yaml").write_bytes(b"kind: \xff\n")
    assert error(root) == (
        "policies/p/policy.yaml: invalid YAML ('utf-8' codec can't decode byte 0xff in position 6: "
        "invalid start byte); expected well-formed YAML"
    )
