"""Waivers: counted separately, expired ones waive nothing and fail the run, unused ones are reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.policy.api import check_paths
from tests.policy.helpers import DEPLOYMENT_RULES, DEPLOYMENTS, write_file, write_policy

WAIVERS = """\
waivers:
  - id: worker-small
    policy: p
    objects: ["apps/v1 Deployment other/*"]
    reason: batch worker
    owner: team-a
    expires: 2026-12-31
  - id: old
    policy: p
    objects: ["apps/v1 Deployment ml-dev/api"]
    reason: was needed
    owner: team-b
    expires: 2026-01-31
  - id: nothing
    policy: p
    objects: ["v1 Service */*"]
    paths: ["dist/k8s/*"]
    reason: never matches
    owner: team-c
    expires: 2027-01-01
"""


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "dist/k8s/aws-dev/deployments.yaml", DEPLOYMENTS)
    write_policy(tmp_path, "p", DEPLOYMENT_RULES + "validations:\n- expression: 'false'\n  message: denied\n")
    return tmp_path


def test_waived_expired_and_unused(tree: Path) -> None:
    write_file(tree, "waivers.yaml", WAIVERS)
    report = check_paths(
        [Path("dist")], policies_dir=Path("policies"), waivers=Path("waivers.yaml"), today=dt.date(2026, 11, 26)
    )
    assert [f.text for f in report.findings] == [
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [p] denied"
    ]
    waived = [(w.finding.object, w.waiver) for w in report.waived]
    assert waived == [("apps/v1 Deployment other/worker", "worker-small")]
    assert [p.text for p in report.waiver_problems] == [
        "waivers.yaml:8: waiver old (p, owner team-b): expired on 2026-01-31",
        "waivers.yaml:14: waiver nothing (p, owner team-c): matches no finding",
    ]
    assert report.failed("critical")
    assert report.summary("high") == (
        "1 policies, 2 objects: 1 findings (1 at or above high), 1 waived, 1 expired waivers, 1 unused waivers"
    )


def test_policies_folder_waivers_are_the_default(tree: Path) -> None:
    write_file(tree, "policies/waivers.yaml", WAIVERS.split("  - id: old")[0])
    report = check_paths([Path("dist")], policies_dir=Path("policies"), today=dt.date(2026, 11, 26))
    assert len(report.waived) == 1
    assert report.waiver_problems == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("waivers: {}\n", "waivers.yaml:1: waivers: missing or not a list; expected a top-level 'waivers:' list"),
        (
            "waivers:\n  - id: a\n    policy: p\n",
            "waivers.yaml:2: waivers[0].objects: missing; expected a non-empty value",
        ),
        (
            "waivers:\n  - {id: a, policy: p, objects: [x], reason: r, owner: o, expires: soon}\n",
            "waivers.yaml:2: waivers[0].expires: 'soon' is not a date; expected YYYY-MM-DD",
        ),
        (
            "waivers:\n  - {id: a, policy: p, objects: [x], reason: r, owner: o, expires: 2027-01-01}\n"
            "  - {id: a, policy: p, objects: [x], reason: r, owner: o, expires: 2027-01-01}\n",
            "waivers.yaml:3: id: waiver id 'a' used twice; expected unique waiver ids",
        ),
    ],
)
def test_bad_waiver_files(tree: Path, text: str, message: str) -> None:
    write_file(tree, "waivers.yaml", text)
    with pytest.raises(UserError) as info:
        check_paths([Path("dist")], policies_dir=Path("policies"), waivers=Path("waivers.yaml"))
    assert info.value.message == message
