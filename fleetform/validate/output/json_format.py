"""kubeconform's ``json`` output: ``resources`` (problems; every resource with ``-verbose``) and, with
``-summary``, ``summary``; Go's encoding (two-space indent, ``<``, ``>``, ``&`` escaped)."""

from __future__ import annotations

import json
from typing import Any

from fleetform.findings.finding import Status
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary

STATUS = {
    "valid": "statusValid",
    "invalid": "statusInvalid",
    "error": "statusError",
    "skipped": "statusSkipped",
    "empty": "",
}
_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render(results: list[Result], options: RenderOptions) -> str:
    shown = results if options.verbose else [r for r in results if r.status in (Status.INVALID, Status.ERROR)]
    document: dict[str, Any] = {"resources": [_resource(r) for r in shown]}
    if options.summary:
        summary = Summary.of(results)
        document["summary"] = {
            "valid": summary.valid,
            "invalid": summary.invalid,
            "errors": summary.errors,
            "skipped": summary.skipped,
        }
    text = json.dumps(document, indent=2, ensure_ascii=False)
    for char, escaped in _GO_ESCAPES.items():
        text = text.replace(char, escaped)
    return text + "\n"


def _resource(result: Result) -> dict[str, Any]:
    out: dict[str, Any] = {
        "filename": result.file,
        "kind": result.kind,
        "name": result.address or result.name,
        "version": result.api_version,
        "status": STATUS[result.status.value],
        "msg": result.error if result.status in (Status.INVALID, Status.ERROR) else "",
    }
    if result.schema_errors:
        out["validationErrors"] = [{"path": path, "msg": msg} for path, msg in result.schema_errors]
    return out
