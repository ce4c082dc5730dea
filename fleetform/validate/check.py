"""Validate one parsed document (or ``kind: List``) against its schema: results as data."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from fleetform.documents import Document
from fleetform.errors import UserError
from fleetform.findings.finding import Finding, Status
from fleetform.validate.cel import check_rules
from fleetform.validate.known import not_kubernetes
from fleetform.validate.lines import Locator, render_path
from fleetform.validate.result import Result
from fleetform.validate.store import Compiled, SchemaStore


def check_document(doc: Document, store: SchemaStore, locator: Locator) -> list[Result]:
    """Results for one document: one per resource (a ``kind: List`` gives one per item)."""
    data = doc.data
    if data is None:
        return []
    if isinstance(data, dict) and data.get("kind") == "List" and isinstance(data.get("items"), list):
        return [
            _check_resource(item, doc, store, locator, ["items", i], locator_line(locator, doc, ["items", i]))
            for i, item in enumerate(data["items"])
        ]
    reason = not_kubernetes(doc.file, data)
    if reason is not None:
        kind, api_version = _text(data.get("kind")), _text(data.get("apiVersion"))
        return [Result(doc.file, doc.line, Status.SKIPPED, api_version=api_version, kind=kind, message=reason)]
    return [_check_resource(data, doc, store, locator, [], doc.line)]


def locator_line(locator: Locator, doc: Document, parts: list[str | int]) -> int | None:
    return locator.line(doc.index, parts)


def _check_resource(
    data: Any, doc: Document, store: SchemaStore, locator: Locator, base: list[str | int], line: int | None
) -> Result:
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a {type(data).__name__} scalar"
        return Result(doc.file, line, Status.ERROR, message=f"document is {found}; expected a Kubernetes object")
    meta = data.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    head = Result(
        doc.file,
        line,
        Status.VALID,
        api_version=_text(data.get("apiVersion")),
        kind=_text(data.get("kind")),
        name=_text(meta.get("name")),
        namespace=_text(meta.get("namespace")),
    )
    for key in ("kind", "apiVersion"):
        if not isinstance(data.get(key), str) or not data[key]:
            return _with(head, Status.ERROR, f"missing '{key}' key")
    config = store.config
    gvk = f"{head.api_version}/{head.kind}"
    if head.kind in config.reject or gvk in config.reject:
        return _with(head, Status.ERROR, f"prohibited resource kind {head.kind}")
    if head.kind in config.skip or gvk in config.skip:
        return _with(head, Status.SKIPPED, "skipped by -skip")
    try:
        compiled = store.get(head.api_version, head.kind)
    except UserError as err:
        return _with(head, Status.ERROR, err.message)
    if compiled is None:
        status = Status.SKIPPED if config.ignore_missing_schemas else Status.ERROR
        kind = head.kind if len(head.kind) <= 100 else f"{head.kind[:100]}… ({len(head.kind)} characters)"
        return _with(head, status, f"could not find schema for {kind}")
    try:
        findings = _findings(compiled, data, head, doc.index, locator, base)
    except ValueError as err:
        return _with(head, Status.ERROR, f"document holds a value JSON cannot represent ({err})")
    if findings:
        return replace(head, status=Status.INVALID, findings=tuple(findings))
    return head


def _findings(
    compiled: Compiled, data: dict[str, Any], head: Result, index: int, locator: Locator, base: list[str | int]
) -> list[Finding]:
    out: list[Finding] = []
    if compiled.validator.is_valid(data) and not compiled.rules:
        return out

    def finding(path: str, message: str, line: int | None) -> Finding:
        return Finding(file=head.file, line=line, object=head.identity, path=path, message=message)

    for error in compiled.validator.iter_errors(data):
        parts: list[str | int] = list(error.instance_path)
        unexpected = getattr(error.kind, "unexpected", None) if error.kind.name == "additionalProperties" else None
        if unexpected:
            for key in unexpected:
                line = locator.key_line(index, [*base, *parts], key)
                out.append(finding(render_path([*parts, key]), f'unknown field "{key}"', line))
            continue
        out.append(finding(render_path(parts), _message(error), locator.line(index, [*base, *parts])))
    if compiled.rules and not out:
        for path, message in check_rules(compiled.rules, data):
            out.append(finding(path, message, locator.line(index, [*base, *_split(path)])))
    return sorted(out, key=lambda f: (f.line or 0, f.path, f.message))


def _message(error: Any) -> str:
    """jsonschema-rs's message; type and enum errors reworded (``"three" is not of type integer``)."""
    if error.kind.name == "type":
        types = [t for t in error.kind.types if t != "null"] or list(error.kind.types)
        return f"{json.dumps(error.instance)} is not of type {' or '.join(types)}"
    if error.kind.name == "enum":
        return f"{json.dumps(error.instance)} is not one of {', '.join(json.dumps(o) for o in error.kind.options)}"
    return str(error.message)


def _split(path: str) -> list[str | int]:
    parts: list[str | int] = []
    for piece in path.replace("[", ".[").split("."):
        if piece.startswith("[") and piece.endswith("]") and piece[1:-1].isdigit():
            parts.append(int(piece[1:-1]))
        elif piece:
            parts.append(piece)
    return parts


def _with(head: Result, status: Status, message: str) -> Result:
    return replace(head, status=status, message=message)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
