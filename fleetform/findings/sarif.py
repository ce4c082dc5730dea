"""SARIF 2.1.0 (GitHub code scanning): the log and its results, for every command's ``sarif`` output."""

from __future__ import annotations

import json
from typing import Any

from fleetform.findings.finding import Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

#: severity -> SARIF level
LEVELS = {"low": "note", "medium": "warning", "high": "error", "critical": "error"}


def result(finding: Finding, *, rule_id: str, text: str, rule_index: int | None = None) -> dict[str, Any]:
    """One result: the rule, the level of the finding's severity, ``text``, and where (the line if known)."""
    out: dict[str, Any] = {"ruleId": rule_id}
    if rule_index is not None:
        out["ruleIndex"] = rule_index
    region = {"region": {"startLine": finding.line}} if finding.line is not None else {}
    out["level"] = LEVELS[finding.severity]
    out["message"] = {"text": text}
    out["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": finding.file}, **region}}]
    return out


def log(driver: dict[str, Any], results: list[dict[str, Any]]) -> str:
    """The SARIF document of one run of the tool ``driver``."""
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(document, indent=2) + "\n"
