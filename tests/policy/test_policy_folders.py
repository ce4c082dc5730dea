"""Every policy folder: its pass/ and fail/ fixtures give exactly the messages its expected.yaml lists."""

from __future__ import annotations

import pytest

from fleetform.cel.env import CelEngine
from fleetform.policy.fixtures import check_fixtures
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies

ENGINE = CelEngine()
POLICIES = load_policies(DEFAULT_POLICIES, ENGINE)


def test_the_issue_s_policies_exist() -> None:
    ids = {p.id for p in POLICIES}
    pss = {
        "privilege-escalation",
        "run-as-non-root",
        "run-as-user",
        "seccomp",
        "capabilities",
        "volume-types",
        "host-namespaces",
        "privileged",
        "host-probes",
        "apparmor",
        "selinux",
        "proc-mount",
        "sysctls",
    }
    assert {f"k8s-pss-{x}" for x in pss} <= ids
    assert {
        "fleet-pdb-required",
        "fleet-namespace-default-deny",
        "fleet-no-secret-data",
        "k8s-hpa-bounds",
        "tf-encryption-at-rest",
        "tf-no-open-ingress",
        "tf-spot-share",
        "tf-cost-tags",
    } <= ids
    assert {p.kind for p in POLICIES} == {"admission", "fleet", "terraform"}


@pytest.mark.parametrize("policy", POLICIES, ids=[p.id for p in POLICIES])
def test_fixtures_give_the_expected_messages(policy: object) -> None:
    result = check_fixtures(ENGINE, policy)  # type: ignore[arg-type]
    assert result.problems == ()
    assert result.objects >= 2
