"""``spec.stackTypes`` narrows the ``stack`` a Terraform policy sees: a declaration that misses a type the
policy reads would silently change its verdicts. So every policy that declares it must give the same
findings, with the narrowed stack and with the whole one, on its own fixtures and on every stack of dist/."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from fleetform.cel.env import CelEngine
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies
from fleetform.policy.model import Policy
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import Target, load_targets

ROOT = Path(__file__).resolve().parents[2]
ENGINE = CelEngine()
POLICIES = [p for p in load_policies(DEFAULT_POLICIES, ENGINE) if p.kind == "terraform"]
NARROWED = [p for p in POLICIES if p.stack_types]


def _dist_targets() -> list[Target]:
    return load_targets(sorted((ROOT / "dist" / "terraform").glob("*/cdk.tf.json")))


DIST = _dist_targets()


def _messages(policy: Policy, targets: list[Target]) -> list[tuple[str, str, str]]:
    return [(f.file, f.object, f.message) for f in run_policies(ENGINE, [policy], targets)]


def test_the_stack_reading_policies_declare_their_types() -> None:
    # Those that read 'stack' at all; a new one should declare stackTypes too (or say why not here).
    reading = sorted(p.id for p in POLICIES if "stack." in str(p.document.get("spec")))
    assert reading == sorted(p.id for p in NARROWED)
    assert len(NARROWED) == 9


@pytest.mark.parametrize("policy", NARROWED, ids=lambda p: p.id)
def test_narrowed_stack_gives_the_same_findings(policy: Policy) -> None:
    whole = dataclasses.replace(policy, stack_types=())
    folder = Path(policy.file).parent
    fixtures = load_targets([folder / "pass", folder / "fail"])
    for targets in (fixtures, DIST):
        assert _messages(policy, targets) == _messages(whole, targets)
    assert _messages(policy, fixtures), "the fail/ fixtures must give findings, else this proves little"


def test_a_missing_type_changes_the_verdict() -> None:
    # The check above can fail: drop the one type tf-deletion-protection reads and its Azure fixture breaks.
    policy = next(p for p in NARROWED if p.id == "tf-deletion-protection")
    assert policy.stack_types == ("azurerm_management_lock",)
    folder = Path(policy.file).parent
    fixtures = load_targets([folder / "pass", folder / "fail"])
    blind = dataclasses.replace(policy, stack_types=("aws_s3_bucket",))
    assert _messages(blind, fixtures) != _messages(policy, fixtures)
