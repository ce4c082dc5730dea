"""The one finding line, for every producer, and the shared pieces of the SARIF and GitHub outputs."""

from __future__ import annotations

import pytest

from fleetform.findings import github, sarif
from fleetform.findings.finding import Finding, Status, format_finding

FILE = "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml"
POLICY = Finding(
    file=FILE, line=1, object="apps/v1 Deployment ml-dev/api", rule="k8s-read-only-root-fs", message="set it"
)
SCHEMA = Finding(file=FILE, line=8, object="apps/v1 Deployment ml-dev/api", path="spec.replicas", message="not int")


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        (POLICY, f"{FILE}:1: apps/v1 Deployment ml-dev/api: [k8s-read-only-root-fs] set it"),
        (SCHEMA, f"{FILE}:8: apps/v1 Deployment ml-dev/api is invalid: spec.replicas: not int"),
        (
            Finding(file="a/cdk.tf.json", line=None, object="(file)", message="not UTF-8 text"),
            "a/cdk.tf.json: (file) is invalid: not UTF-8 text",
        ),
        (
            Finding(file="a.yaml", line=3, status=Status.ERROR, message="binary data"),
            "a.yaml:3: failed validation: binary data",
        ),
        (
            Finding(file="a.yaml", line=1, object="v1 Namespace ml", status=Status.VALID, message=""),
            "a.yaml:1: v1 Namespace ml is valid",
        ),
        (
            Finding(file="dist/manifest.json", line=None, rule="integrity", message="x"),
            "dist/manifest.json: [integrity] x",
        ),
    ],
)
def test_one_line_for_every_producer(finding: Finding, line: str) -> None:
    assert format_finding(finding) == finding.text == line


def test_severity_threshold_and_order() -> None:
    low = Finding(file="b.yaml", line=None, rule="r", message="m", severity="low")
    assert (low.at_least("low"), low.at_least("medium"), POLICY.at_least("critical")) == (True, False, False)
    assert sorted([low, SCHEMA, POLICY], key=lambda f: f.sort_key) == [low, POLICY, SCHEMA]


def test_github_commands_escape_messages_and_properties() -> None:
    assert github.command("error", "a%b\nc", file="x,y:z.yaml", line=4, title="v1 ConfigMap a,b") == (
        "::error file=x%2Cy%3Az.yaml,line=4,title=v1 ConfigMap a%2Cb::a%25b%0Ac"
    )
    assert github.command("notice", "Summary: 1", title="fleetform validate") == (
        "::notice title=fleetform validate::Summary: 1"
    )
    assert github.command("warning", "w") == "::warning::w"


def test_sarif_results_omit_an_unknown_line_and_map_severities_to_levels() -> None:
    unknown = Finding(file="a.yaml", line=None, message="m", severity="medium")
    assert sarif.result(unknown, rule_id="r", text="t") == {
        "ruleId": "r",
        "level": "warning",
        "message": {"text": "t"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.yaml"}}}],
    }
    assert sarif.result(POLICY, rule_id="p", text="t", rule_index=2) == {
        "ruleId": "p",
        "ruleIndex": 2,
        "level": "error",
        "message": {"text": "t"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": FILE}, "region": {"startLine": 1}}}],
    }
