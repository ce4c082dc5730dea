"""SARIF 2.1.0 (GitHub code scanning): one rule per policy, one result per finding; waived findings carry
an accepted suppression."""

from __future__ import annotations

from typing import Any

from fleetform import __version__
from fleetform.findings import sarif
from fleetform.findings.finding import Finding
from fleetform.policy.report import Report


def _result(f: Finding, rule_index: dict[str, int], waiver: str | None = None) -> dict[str, Any]:
    result = sarif.result(f, rule_id=f.rule, rule_index=rule_index[f.rule], text=f"{f.object}: {f.message}")
    if waiver is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": waiver}]
    return result


def render(report: Report, threshold: str) -> str:
    rules = [
        {
            "id": p.id,
            "name": p.id,
            "shortDescription": {"text": p.meta.title},
            "fullDescription": {"text": p.meta.rationale},
            "properties": {"severity": p.meta.severity, "category": p.meta.category, "tags": list(p.meta.controls)},
        }
        for p in report.policies
    ]
    index = {p.id: i for i, p in enumerate(report.policies)}
    results = [_result(f, index) for f in report.findings]
    results += [_result(w.finding, index, w.waiver) for w in report.waived]
    return sarif.log({"name": "fleetform-policy", "version": __version__, "rules": rules}, results)
