"""kubeconform's ``json`` output (``resources`` and, with ``-summary``, ``summary``), plus lines."""

from __future__ import annotations

import json
from typing import Any

from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result, Summary

STATUS = {
    "valid": "statusValid",
    "invalid": "statusInvalid",
    "error": "statusError",
    "skipped": "statusSkipped",
}


def render(results: list[Result], options: RenderOptions) -> str:
    document: dict[str, Any] = {"resources": [_resource(r) for r in options.shown(results)]}
    if options.summary:
        summary = Summary.of(results)
        document["summary"] = {
            "valid": summary.valid,
            "invalid": summary.invalid,
            "errors": summary.errors,
            "skipped": summary.skipped,
        }
    return json.dumps(document, indent=2) + "\n"


def _resource(result: Result) -> dict[str, Any]:
    out: dict[str, Any] = {
        "filename": result.file,
        "line": result.line,
        "kind": result.kind,
        "name": result.address or result.name,
        "namespace": result.namespace,
        "version": result.api_version,
        "status": STATUS[result.status.value],
        "msg": "; ".join(f.detail for f in result.problems()),
    }
    if result.findings:
        out["validationErrors"] = [
            {"path": _pointer(f.path), "msg": f.message, "line": f.line} for f in result.findings
        ]
    return out


def _pointer(path: str) -> str:
    """A path (``spec.replicas``) as a JSON pointer (``/spec/replicas``), as kubeconform reports it."""
    if not path:
        return ""
    parts = path.replace("[", ".").replace("]", "").split(".")
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
