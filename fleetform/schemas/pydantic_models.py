"""cloudcoil's pydantic CRD models -> strict JSON schemas (``fleetform schemas regenerate``).

``model_json_schema(by_alias=True)`` has the CRD's required fields, enums and patterns but is permissive;
here every object with properties rejects unknown fields, pydantic's ``anyOf [X, null]`` optionals become
``X`` (absent is fine, a wrong type is not), and titles/defaults are dropped.
"""

from __future__ import annotations

import importlib
from typing import Any

from fleetform.schemas.crd import resource_schema


def model_schema(module: str, kind: str) -> tuple[str, dict[str, Any]]:
    """``(apiVersion, strict schema)`` of ``module.kind`` (a cloudcoil ``Resource`` model)."""
    model = getattr(importlib.import_module(module), kind)
    raw = model.model_json_schema(by_alias=True, mode="validation")
    api_version = raw["properties"]["apiVersion"]["anyOf"][0]["const"]
    schema = _strict(raw)
    defs = schema.pop("$defs", {})
    out = resource_schema(schema, api_version, kind)
    out["$defs"] = defs
    return api_version, out


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        kept = next(b for b in branches if b != {"type": "null"})
        rest = {k: v for k, v in node.items() if k != "anyOf"}
        return _strict({**rest, **kept})
    out = {key: _strict(value) for key, value in node.items() if key not in ("title", "default", "description")}
    if out.get("properties") and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out
