"""CRD YAML -> strict JSON schemas, openapi2jsonschema-style (``fleetform schemas import``).

Per served version of each ``CustomResourceDefinition``: objects with ``properties`` reject unknown fields
(unless ``x-kubernetes-preserve-unknown-fields`` or ``x-kubernetes-embedded-resource``),
``x-kubernetes-int-or-string`` becomes integer-or-string, ``nullable`` adds ``null``, ``apiVersion``/``kind``
are pinned, and ``x-kubernetes-validations`` (CEL) are kept for ``fleetform validate`` to evaluate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fleetform.documents import iter_documents
from fleetform.errors import UserError

Schemas = dict[str, dict[str, Any]]  # "<group>/<kind>_<version>.json" -> schema


def convert_crd_file(path: Path) -> Schemas:
    """Every schema of every CRD in ``path``; a file without CRDs is a user error."""
    out: Schemas = {}
    for doc in iter_documents(path):
        data = doc.data
        if not isinstance(data, dict) or data.get("kind") != "CustomResourceDefinition":
            continue
        out.update(convert_crd(data, f"{path.as_posix()}:{doc.line}"))
    if not out:
        raise UserError(f"{path}: no CustomResourceDefinition with an openAPIV3Schema; expected CRD YAML")
    return out


def convert_crd(crd: dict[str, Any], where: str) -> Schemas:
    spec = crd.get("spec") or {}
    group, kind = spec.get("group"), (spec.get("names") or {}).get("kind")
    if not isinstance(group, str) or not isinstance(kind, str):
        raise UserError(f"{where}: CRD without spec.group or spec.names.kind; expected a valid CRD")
    out: Schemas = {}
    for version in spec.get("versions") or []:
        schema = ((version.get("schema") or {}).get("openAPIV3Schema")) if isinstance(version, dict) else None
        if not isinstance(schema, dict) or version.get("served") is False:
            continue
        name = str(version.get("name"))
        out[f"{group}/{kind.lower()}_{name}.json"] = resource_schema(schema, f"{group}/{name}", kind)
    return out


def resource_schema(schema: dict[str, Any], api_version: str, kind: str) -> dict[str, Any]:
    """The strict JSON schema of one resource version."""
    root: dict[str, Any] = _strict(schema)
    properties = root.setdefault("properties", {})
    properties["apiVersion"] = {"type": "string", "enum": [api_version]}
    properties["kind"] = {"type": "string", "enum": [kind]}
    properties.setdefault("metadata", {"type": "object"})
    root["type"] = "object"
    root["required"] = sorted({*root.get("required", []), "apiVersion", "kind"})
    root["additionalProperties"] = False
    return root


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _strict(value) for key, value in node.items() if key != "description"}
    if out.pop("x-kubernetes-int-or-string", False):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if out.pop("nullable", False) and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    open_object = out.get("x-kubernetes-preserve-unknown-fields") or out.get("x-kubernetes-embedded-resource")
    if isinstance(out.get("properties"), dict) and "additionalProperties" not in out and not open_object:
        out["additionalProperties"] = False
    return out
