"""Each connection defect of issue 10 on its pre-fix shape, and its fixed shape: a small tree per case in
``fixtures/<case>/`` (``case.yaml``: the rules it runs and the defect; ``expected.txt``: every finding line,
exactly; empty: the fixed shape passes).

Defect 6 (components past their end of support) depends on the day of the run: tests/integrity/test_versions.py
shows it on both sides of an end of support."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from fleetform.integrity.api import check_paths
from fleetform.integrity.rules import RULES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 30)

#: Defect of issue 10 -> its pre-fix shapes (each must be flagged).
DEFECTS = {
    "1 Helm values the chart ignores or fails on": ["istio-gke-on-1.24", "helm-values-unknown-and-enum"],
    "2 no pod can start (the connections Secret)": ["secret-nothing-creates"],
    "3 no traffic reaches the API": [
        "load-balancer-without-controller",
        "alb-target-group-unbound",
        "app-gateway-unwired",
        "gcp-edge-unattached",
        "gcp-negs-looked-up-by-another-name",
    ],
    "4 capacity never arrives": [
        "eks-without-autoscaler",
        "provisioner-without-driver",
        "spot-pool-untolerated",
        "gpu-pool-without-device-plugin",
        "gpu-pool-without-workload",
    ],
    "5 alerts that cannot fire, no receivers": ["alert-counts-sidecar", "alertmanager-without-receivers"],
    "Velero cannot reach its bucket (its identity does not trust it)": ["velero-identity-untrusted"],
}


def run_case(case: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder = FIXTURES / case
    wanted = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))["rules"]
    monkeypatch.chdir(folder)
    rules = [rule for rule in RULES if rule.ID in wanted]
    assert [rule.ID for rule in rules] == wanted
    report = check_paths([Path("dist")], waivers=FIXTURES / "no-waivers.yaml", today=TODAY, rules=rules)
    return [finding.text for finding in report.findings]


@pytest.mark.parametrize("case", CASES)
def test_case_findings_are_exactly_the_expected_lines(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert run_case(case, monkeypatch) == expected


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_every_defect_is_caught_on_its_pre_fix_shape(defect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for case in DEFECTS[defect]:
        assert run_case(case, monkeypatch), case


def test_every_case_says_which_defect_or_connection_it_shows() -> None:
    for case in CASES:
        meta = yaml.safe_load((FIXTURES / case / "case.yaml").read_text(encoding="utf-8"))
        assert set(meta) == {"rules", "defect"}, case
        assert meta["defect"].strip(), case
