"""``cdk.tf.json`` files go to Terraform argument checking (``fleetform.tfschema``), never to Kubernetes.

The checker is another module; these tests pin the routing and the conversion of its findings, using a
stand-in ``check_read`` (and the real ``read_stack``) with the documented signatures where noted.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest

from fleetform.findings.finding import Finding
from fleetform.tfschema.check import Stack
from fleetform.tfschema.check import read_stack as real_read_stack
from tests.validate.conftest import Validate

STACK = {
    "provider": {"aws": [{"region": "eu-west-1"}]},
    "resource": {
        "aws_s3_bucket": {"models": {"bucket": "acme-models", "acl_typo": "private"}},
        "aws_iam_role": {"worker": {"name": "worker", "assume_role_policy": "{}"}},
    },
    "data": {"aws_caller_identity": {"current": {}}},
}


def _stack(root: Path) -> Path:
    folder = root / "terraform" / "aws-dev"
    folder.mkdir(parents=True)
    (folder / "cdk.tf.json").write_text(json.dumps(STACK, indent=2))
    return folder / "cdk.tf.json"


def test_stacks_are_skipped_when_the_checker_is_missing(
    validate: Validate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stack(tmp_path)
    monkeypatch.setitem(sys.modules, "fleetform.tfschema.check", None)  # import now raises ImportError
    code, out, _ = validate("-verbose", "-summary", "terraform", cwd=tmp_path)
    assert (code, out) == (
        0,
        "terraform/aws-dev/cdk.tf.json: skipped: Terraform argument checking (fleetform.tfschema) is not installed\n"
        "Summary: 1 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 0, Skipped: 1\n",
    )


def test_findings_become_results_per_address(
    validate: Validate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = _stack(tmp_path)
    seen: list[Path] = []

    def read_stack(path: Path) -> Stack:
        seen.append(path)
        return real_read_stack(path)

    def check_read(file: str, stack: Stack) -> list[Finding]:
        return [
            Finding(
                file=file, line=9, object="aws_s3_bucket.models", path="acl_typo", message='unknown argument "acl_typo"'
            ),
            Finding(
                file=file, line=2, object="(file)", path="provider.aws", message="provider block has no version pin"
            ),
        ]

    module = types.ModuleType("fleetform.tfschema.check")
    module.read_stack = read_stack  # type: ignore[attr-defined]
    module.check_read = check_read  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fleetform.tfschema.check", module)
    code, out, _ = validate("-verbose", "-summary", "terraform", cwd=tmp_path)
    assert seen == [Path("terraform/aws-dev/cdk.tf.json")]
    assert stack.is_file()
    assert (code, out) == (
        1,
        "terraform/aws-dev/cdk.tf.json:2: failed validation: provider.aws: provider block has no version pin\n"
        "terraform/aws-dev/cdk.tf.json: aws_iam_role.worker is valid\n"
        'terraform/aws-dev/cdk.tf.json:9: aws_s3_bucket.models is invalid: acl_typo: unknown argument "acl_typo"\n'
        "terraform/aws-dev/cdk.tf.json: data.aws_caller_identity.current is valid\n"
        "Summary: 4 resources found in 1 file - Valid: 2, Invalid: 1, Errors: 1, Skipped: 0\n",
    )
