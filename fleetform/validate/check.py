"""Validate one parsed document (or ``kind: List``) against its schema: results as data."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from fleetform.documents import Document
from fleetform.findings.finding import Finding, Status
from fleetform.validate.cel import check_rules
from fleetform.validate.kcmessages import Leaf, error_text, leaves, pointer
from fleetform.validate.known import not_kubernetes
from fleetform.validate.lines import Locator, render_path
from fleetform.validate.locations import SchemaError
from fleetform.validate.ranges import out_of_range
from fleetform.validate.result import Result, shortened
from fleetform.validate.store import Compiled, SchemaStore


def check_document(doc: Document, store: SchemaStore, locator: Locator) -> list[Result]:
    """Results for one document: one per resource (a ``kind: List`` gives one per item, as kubeconform: any
    case of ``list``); a document without content (only comments, or ``---`` alone) is ``empty``."""
    data = doc.data
    if data is None:
        return [Result(doc.file, doc.line, Status.EMPTY)]
    if isinstance(data, dict) and isinstance(data.get("kind"), str) and data["kind"].lower() == "list":
        items = data.get("items")
        items = items if isinstance(items, list) else []
        return [
            _check_resource(item, doc, store, locator, ["items", i], locator_line(locator, doc, ["items", i]))
            for i, item in enumerate(items)
        ]
    reason = not_kubernetes(doc.file, data)
    if reason is not None:
        kind, api_version = _text(data.get("kind")), _text(data.get("apiVersion"))
        return [Result(doc.file, doc.line, Status.SKIPPED, api_version=api_version, kind=kind, message=reason)]
    return [_check_resource(data, doc, store, locator, [], doc.line)]


def locator_line(locator: Locator, doc: Document, parts: list[str | int]) -> int | None:
    return locator.line(doc, parts)


_GO_TYPES = {list: "array", str: "string", int: "number", float: "number", bool: "bool"}


def _check_resource(
    data: Any, doc: Document, store: SchemaStore, locator: Locator, base: list[str | int], line: int | None
) -> Result:
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a {type(data).__name__} scalar"
        go_type = _GO_TYPES.get(type(data), "value")
        return Result(
            doc.file,
            line,
            Status.ERROR,
            message=f"document is {found}; expected a Kubernetes object",
            error="error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot "
            f"unmarshal {go_type} into Go value of type map[string]interface {{}}",
        )
    head = _head(doc.file, line, data)
    for key in ("kind", "apiVersion"):
        if not isinstance(data.get(key), str) or not data[key]:
            return _with(head, Status.ERROR, f"missing '{key}' key", f"error while parsing: missing '{key}' key")
    config = store.config
    gvk = f"{head.api_version}/{head.kind}"
    if head.kind in config.skip or gvk in config.skip:
        return _with(head, Status.SKIPPED, "skipped by -skip")
    if head.kind in config.reject or gvk in config.reject:
        return _with(head, Status.ERROR, f"prohibited resource kind {head.kind}")
    try:
        compiled = store.get(head.api_version, head.kind)
    except SchemaError as err:
        return _with(head, Status.ERROR, err.message, err.upstream)
    if compiled is None:
        if config.ignore_missing_schemas:
            return _with(head, Status.SKIPPED, f"could not find schema for {shortened(head.kind)}", "-")
        return _with(
            head,
            Status.ERROR,
            f"could not find schema for {shortened(head.kind)}; expected a kind the bundled schemas or a "
            "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)",
            f"could not find schema for {head.kind}",
        )
    try:
        findings, upstream = _findings(compiled, data, head, doc, locator, base)
    except ValueError as err:  # a value JSON has no form for (.nan, !!binary bytes)
        message = f"document holds a value JSON cannot represent ({err}); expected JSON-compatible values"
        return _with(head, Status.ERROR, message, f"error unmarshalling resource: json: unsupported value: {err}")
    findings.extend(out_of_range(compiled, data, head, doc, locator, base, upstream))
    if findings:
        shown = upstream or [(tuple(_split(f.path)), f.message) for f in findings]  # CEL rules: fleetform's words
        schema_errors = tuple((pointer(path), message) for path, message in shown)
        return replace(
            head,
            status=Status.INVALID,
            findings=tuple(findings),
            error=error_text(compiled.url, shown),
            schema_errors=schema_errors,
        )
    return head


def _head(file: str, line: int | None, data: dict[str, Any]) -> Result:
    """A valid result naming the resource as kubeconform does (``generateName`` + ``{{ generateName }}``)."""
    meta = data.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    name = _text(meta.get("name"))
    if isinstance(meta.get("generateName"), str):
        name = meta["generateName"] + "{{ generateName }}"
    return Result(
        file,
        line,
        Status.VALID,
        api_version=_text(data.get("apiVersion")),
        kind=_text(data.get("kind")),
        name=name,
        namespace=_text(meta.get("namespace")),
    )


def _findings(
    compiled: Compiled, data: dict[str, Any], head: Result, doc: Document, locator: Locator, base: list[str | int]
) -> tuple[list[Finding], list[Leaf]]:
    """fleetform's findings (located, reworded) and kubeconform's leaves of the same schema violations."""
    out: list[Finding] = []
    if compiled.validator.is_valid(data) and not compiled.rules:
        return out, []

    def finding(path: str, message: str, line: int | None) -> Finding:
        return Finding(file=head.file, line=line, object=head.identity, path=path, message=message)

    errors = list(compiled.validator.iter_errors(data))
    for error in errors:
        parts: list[str | int] = list(error.instance_path)
        unexpected = getattr(error.kind, "unexpected", None) if error.kind.name == "additionalProperties" else None
        if unexpected:
            for key in unexpected:
                line = locator.key_line(doc, [*base, *parts], key)
                out.append(finding(render_path([*parts, key]), f'unknown field "{key}"', line))
            continue
        out.append(finding(render_path(parts), _message(error), locator.line(doc, [*base, *parts])))
    if compiled.rules and not out:
        for path, message in check_rules(compiled.rules, data):
            out.append(finding(path, message, locator.line(doc, [*base, *_split(path)])))
    return sorted(out, key=lambda f: (f.line or 0, f.path, f.message)), leaves(errors)


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


def _with(head: Result, status: Status, message: str, error: str = "") -> Result:
    """``head`` with an outcome; kubeconform's text is ``error`` (``-``: none), else the same ``message``."""
    upstream = "" if error == "-" or status is Status.SKIPPED else (error or message)
    return replace(head, status=status, message=message, error=upstream)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
