"""SARIF 2.1.0 output, for code-scanning uploads: one result per finding or error."""

from __future__ import annotations

import json
from typing import Any

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Status

_RULES = {
    Status.INVALID: ("schema-invalid", "Resource does not match its schema"),
    Status.ERROR: ("validation-error", "Resource or file could not be validated"),
}
_VERB = {Status.INVALID: "is invalid", Status.ERROR: "failed validation"}


def render(results: list[Result], options: RenderOptions) -> str:
    entries: list[dict[str, Any]] = []
    for result in results:
        if result.status not in _RULES:
            continue
        rule = _RULES[result.status][0]
        for line, problem in result.problems():
            text = f"{result.identity} {_VERB[result.status]}: {problem}" if result.identity else problem
            region = {"region": {"startLine": line}} if line is not None else {}
            location = {"physicalLocation": {"artifactLocation": {"uri": result.file}, **region}}
            entries.append({"ruleId": rule, "level": "error", "message": {"text": text}, "locations": [location]})
    driver = {
        "name": "fleetform validate",
        "informationUri": "https://github.com/yannh/kubeconform",
        "rules": [{"id": rid, "shortDescription": {"text": desc}} for rid, desc in _RULES.values()],
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": entries}],
    }
    return json.dumps(log, indent=2) + "\n"
