"""Output formats (exact text) and the command line (exit codes, threshold, files)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.policy.api import check_paths
from fleetform.policy.formats import FORMATS
from fleetform.policy.report import Report
from tests.policy.helpers import DEPLOYMENT_RULES, DEPLOYMENTS, write_file, write_policy


def run(argv: list[str]) -> int:
    """``fleetform policy ARGV``'s exit code."""
    return main(["policy", *argv])


WAIVER = """\
waivers:
  - {id: w1, policy: lo, objects: ["apps/v1 Deployment other/*"], reason: r, owner: o, expires: 2099-01-01}
"""


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_file(tmp_path, "dist/k8s/aws-dev/deployments.yaml", DEPLOYMENTS)
    write_policy(
        tmp_path,
        "hi",
        DEPLOYMENT_RULES + "validations:\n- expression: object.spec.replicas > 2\n  message: 'too few: scale up'\n",
        severity="high",
    )
    write_policy(
        tmp_path, "lo", DEPLOYMENT_RULES + "validations:\n- expression: 'false'\n  message: always\n", severity="low"
    )
    write_file(tmp_path, "policies/waivers.yaml", WAIVER)
    return tmp_path


@pytest.fixture()
def report(tree: Path) -> Report:
    return check_paths([Path("dist")], policies_dir=Path("policies"), today=dt.date(2026, 11, 26))


def test_text(report: Report) -> None:
    assert FORMATS["text"](report, "medium") == (
        "dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [lo] always (low)\n"
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [hi] too few: scale up (high)\n"
        "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [lo] always (waived by w1)\n"
        "2 policies, 2 objects: 2 findings (1 at or above medium), 1 waived, 0 expired waivers, 0 unused waivers\n"
    )


def test_json(report: Report) -> None:
    data = json.loads(FORMATS["json"](report, "medium"))
    assert data["summary"] == {
        "policies": 2,
        "objects": 2,
        "findings": 2,
        "blocking": 1,
        "waived": 1,
        "threshold": "medium",
        "failed": True,
    }
    assert data["findings"][1] == {
        "file": "dist/k8s/aws-dev/deployments.yaml",
        "line": 6,
        "object": "apps/v1 Deployment other/worker",
        "policy": "hi",
        "severity": "high",
        "reason": "Invalid",
        "message": "too few: scale up",
        "text": "dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [hi] too few: scale up",
    }
    assert data["waived"][0]["waiver"] == "w1"


def test_junit(report: Report) -> None:
    assert (
        FORMATS["junit"](report, "medium")
        == """\
<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="fleetform policy" tests="2" failures="1" errors="0" skipped="0">
  <testcase classname="policy.admission" name="hi">
    <failure type="high" message="1 finding(s): Test policy">\
dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [hi] too few: scale up</failure>
  </testcase>
  <testcase classname="policy.admission" name="lo">
    <system-out>dist/k8s/aws-dev/deployments.yaml:1: apps/v1 Deployment ml-dev/api: [lo] always
dist/k8s/aws-dev/deployments.yaml:6: apps/v1 Deployment other/worker: [lo] always (waived by w1)</system-out>
  </testcase>
</testsuite>
"""
    )


def test_sarif(report: Report) -> None:
    data = json.loads(FORMATS["sarif"](report, "low"))
    run_ = data["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["hi", "lo"]
    assert run_["results"][1] == {
        "ruleId": "hi",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "apps/v1 Deployment other/worker: too few: scale up"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "dist/k8s/aws-dev/deployments.yaml"},
                    "region": {"startLine": 6},
                }
            }
        ],
    }
    assert run_["results"][2]["suppressions"] == [{"kind": "external", "status": "accepted", "justification": "w1"}]


def test_github(report: Report) -> None:
    assert FORMATS["github"](report, "medium").splitlines() == [
        "::warning file=dist/k8s/aws-dev/deployments.yaml,line=1,title=lo (low)::apps/v1 Deployment ml-dev/api: always",
        "::error file=dist/k8s/aws-dev/deployments.yaml,line=6,title=hi (high)::"
        "apps/v1 Deployment other/worker: too few: scale up",
        "2 policies, 2 objects: 2 findings (1 at or above medium), 1 waived, 0 expired waivers, 0 unused waivers",
    ]


def test_cli_exit_codes_follow_the_threshold(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--policies", "policies", "--fail-on", "high"]) == 1
    assert run(["--policies", "policies", "--fail-on", "critical"]) == 0
    assert run(["dist", "--policies", "policies", "--policy", "lo"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == (
        "1 policies, 2 objects: 1 findings (1 at or above low), 1 waived, 0 expired waivers, 0 unused waivers"
    )


def test_cli_writes_reports_to_a_file(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--policies", "policies", "--format", "sarif", "--output", "report.sarif"]) == 1
    assert json.loads(Path("report.sarif").read_text())["version"] == "2.1.0"
    assert capsys.readouterr().out == (
        "2 policies, 2 objects: 2 findings (2 at or above low), 1 waived, 0 expired waivers, 0 unused waivers\n"
    )


def test_cli_user_errors(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["missing/dir", "--policies", "policies"]) == 2
    assert capsys.readouterr().err == "error: missing/dir: no such file or folder; expected an existing path\n"
    assert run(["--policies", "policies", "--policy", "nope"]) == 2
    assert capsys.readouterr().err == (
        "error: --policy nope: no such policy in policies; expected a folder name under the policies folder\n"
    )
    assert run(["--format", "xml"]) == 2
    assert capsys.readouterr() == (
        "",
        "error: argument --format: invalid choice: 'xml' (choose from 'github', 'json', 'junit', 'sarif', 'text'); "
        "expected the arguments shown by fleetform policy --help\n",
    )


def test_cli_lists_and_self_tests(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--policies", "policies", "--list"]) == 0
    assert capsys.readouterr().out == "hi\tadmission\thigh\tTest policy\nlo\tadmission\tlow\tTest policy\n"
    write_file(tree, "policies/hi/pass/ok.yaml", DEPLOYMENTS.split("---")[0])
    write_file(tree, "policies/hi/fail/few.yaml", DEPLOYMENTS.split("---")[1])
    write_file(
        tree,
        "policies/hi/expected.yaml",
        """\
        pass/ok.yaml:
          apps/v1 Deployment ml-dev/api: []
        fail/few.yaml:
          apps/v1 Deployment other/worker: ['wrong message']
        """,
    )
    assert run(["--policies", "policies", "--test", "--policy", "hi"]) == 1
    assert capsys.readouterr().out == (
        "policies/hi/fail/few.yaml: apps/v1 Deployment other/worker: expected ['wrong message'], "
        "got ['too few: scale up']\nhi: FAIL (2 fixture objects)\n"
    )
