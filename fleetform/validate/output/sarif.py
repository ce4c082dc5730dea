"""SARIF 2.1.0 output, for code-scanning uploads: one result per finding or error."""

from __future__ import annotations

from fleetform.findings import sarif
from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result

_RULES = {
    Status.INVALID: ("schema-invalid", "Resource does not match its schema"),
    Status.ERROR: ("validation-error", "Resource or file could not be validated"),
}


def render(results: list[Result], options: RenderOptions) -> str:
    entries = [
        sarif.result(f, rule_id=_RULES[result.status][0], text=f"{f.subject}: {f.detail}" if f.object else f.detail)
        for result in results
        if result.status in _RULES
        for f in result.problems()
    ]
    driver = {
        "name": "fleetform validate",
        "informationUri": "https://github.com/yannh/kubeconform",
        "rules": [{"id": rid, "shortDescription": {"text": desc}} for rid, desc in _RULES.values()],
    }
    return sarif.log(driver, entries)
