"""JSON: findings, waived findings and waiver problems as objects; stable key order."""

from __future__ import annotations

import json
from typing import Any

from fleetform.findings.finding import Finding
from fleetform.policy.report import Report


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "file": f.file,
        "line": f.line,
        "object": f.object,
        "policy": f.rule,
        "severity": f.severity,
        "reason": f.reason,
        "message": f.message,
        "text": f.text,
    }


def render(report: Report, threshold: str) -> str:
    data = {
        "summary": {
            "policies": len(report.policies),
            "objects": report.objects,
            "findings": len(report.findings),
            "blocking": len(report.blocking(threshold)),
            "waived": len(report.waived),
            "threshold": threshold,
            "failed": report.failed(threshold),
        },
        "findings": [_finding(f) for f in report.findings],
        "waived": [{**_finding(w.finding), "waiver": w.waiver} for w in report.waived],
        "waiverProblems": [
            {
                "waiver": p.waiver.id,
                "policy": p.waiver.policy,
                "problem": p.problem,
                "owner": p.waiver.owner,
                "expires": p.waiver.expires.isoformat(),
                "file": p.waiver.file,
                "line": p.waiver.line,
            }
            for p in report.waiver_problems
        ],
    }
    return json.dumps(data, indent=2) + "\n"
