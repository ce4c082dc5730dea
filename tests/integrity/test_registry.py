"""The gate's registries: every rule module is listed once under an id of its own name; every cross-half
pair is listed; every chart producer says where its facts come from; policy ids never take a rule's id."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import fleetform.integrity.rules
import fleetform.integrity.wiring
from fleetform.findings.finding import GATE_RULE_PREFIX
from fleetform.integrity.producers import CHARTS, charts_serving
from fleetform.integrity.rules import RULE_IDS, RULES, halves

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_module_is_registered_once_under_its_own_name() -> None:
    modules = sorted(m.name for m in pkgutil.iter_modules(fleetform.integrity.rules.__path__))
    assert sorted(rule.__name__.rpartition(".")[2] for rule in RULES) == modules  # type: ignore[attr-defined]
    assert [rule.ID for rule in RULES] == [
        f"{GATE_RULE_PREFIX}{rule.__name__.rpartition('.')[2].replace('_', '-')}"  # type: ignore[attr-defined]
        for rule in RULES
    ]
    assert len(RULE_IDS) == len(RULES)
    assert all(rule.SUMMARY and not rule.SUMMARY.endswith(".") for rule in RULES)


def test_every_pair_of_the_wiring_package_is_checked() -> None:
    modules = sorted(m.name for m in pkgutil.iter_modules(fleetform.integrity.wiring.__path__))
    assert sorted({pair.__module__.rpartition(".")[2] for pair in halves.PAIRS}) == modules
    assert len(set(halves.PAIRS)) == len(halves.PAIRS)


def test_every_chart_producer_names_its_source_and_versions() -> None:
    assert all(facts.source and facts.versions for facts in CHARTS.values())
    assert charts_serving("monitoring.coreos.com") == ["kube-prometheus-stack"]
    assert charts_serving("karpenter.sh") == ["karpenter", "karpenter-crd"]
    assert charts_serving("example.com") == []


def test_no_policy_takes_the_prefix_of_the_gate_rules() -> None:
    policies = [p.name for p in (ROOT / "policies").iterdir() if (p / "policy.yaml").is_file()]
    assert policies
    assert [p for p in policies if p.startswith(GATE_RULE_PREFIX)] == []
