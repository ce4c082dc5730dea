"""Compiled schemas, one per resource type and run, shared by every document of that type."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from fleetform.validate.cel import Rule, collect_rules
from fleetform.validate.config import Config
from fleetform.validate.locations import Found, SchemaError, Target, cache_path, find_schema

_BASE = "https://schemas.fleetform.invalid"


@dataclass(frozen=True)
class Compiled:
    """A ready validator, kubeconform's name of its schema (a URL), the schema with its definitions, and
    its CEL rules (``x-kubernetes-validations``)."""

    url: str
    validator: Any
    schema: dict[str, Any]
    rules: tuple[Rule, ...]
    definitions: dict[str, Any]

    def subschema(self, path: tuple[str | int, ...]) -> Any:
        """The schema of the value at ``path`` (through ``properties``, ``items``, ``additionalProperties``
        and ``#/$defs`` or ``#/definitions`` references), or ``None`` when the path leaves what the schema describes."""
        node: Any = self.schema
        for part in path:
            node = self._deref(node)
            if not isinstance(node, dict):
                return None
            if isinstance(part, int):
                node = node.get("items")
            else:
                node = node.get("properties", {}).get(part, node.get("additionalProperties"))
        return self._deref(node)

    def _deref(self, node: Any) -> Any:
        for _ in range(32):  # reference chains in Kubernetes' schemas are one or two long
            if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
                return node
            node = self.definitions.get(node["$ref"].rpartition("/")[2])
        return None


class SchemaStore:
    """Find and compile schemas for one configuration; results (and misses) are memoized."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._compiled: dict[tuple[str, str], Compiled | SchemaError | None] = {}

    def get(self, api_version: str, kind: str) -> Compiled | None:
        """The compiled schema, ``None`` when no location has one; raises :class:`SchemaError`."""
        key = (api_version, kind)
        if key not in self._compiled:
            try:
                self._compiled[key] = self._compile(api_version, kind)
            except SchemaError as err:
                self._compiled[key] = err
        found = self._compiled[key]
        if isinstance(found, SchemaError):
            raise found
        return found

    def _compile(self, api_version: str, kind: str) -> Compiled | None:
        config = self.config
        target = Target(api_version, kind, config.kubernetes_version, config.strict)
        found = find_schema(target, config.locations, config.cache)
        if found is None:
            return None
        definitions: dict[str, Any] = found.schema.get("$defs") or found.schema.get("definitions") or {}
        try:
            if found.k8s_dir is not None:
                definitions = _k8s_definitions(found.k8s_dir)
                validator = jsonschema_rs.validator_for(
                    found.schema,
                    registry=_k8s_registry(found.k8s_dir),
                    base_uri=f"{_BASE}/{found.k8s_dir.name}/{kind.lower()}.json",
                    offline=True,
                )
            else:
                validator = _compile_located(found, config.cache)
        except (ValueError, jsonschema_rs.ReferencingError) as err:
            raise SchemaError(f"{found.url}: schema does not compile: {err}; expected a JSON schema") from None
        rules = collect_rules(found.schema) if config.cel else ()
        return Compiled(found.url, validator, found.schema, rules, definitions)


def _compile_located(found: Found, cache_dir: Path | None) -> Any:
    """A schema from a file or the cache: relative ``$ref`` resolve beside it (files) or in the cache."""
    if "$ref" not in json.dumps(found.schema):
        return jsonschema_rs.validator_for(found.schema, offline=True)

    def retrieve(uri: str) -> Any:
        if uri.startswith("file://"):
            return json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8"))
        if cache_dir is not None and cache_path(cache_dir, uri).is_file():
            return json.loads(cache_path(cache_dir, uri).read_text(encoding="utf-8"))
        raise SchemaError(f"{uri}: referenced schema not in the -cache folder; fleetform does not download")

    base = found.base if found.base.startswith("http") else f"file://{found.base}"
    return jsonschema_rs.validator_for(found.schema, retriever=retrieve, base_uri=base)


@cache
def _k8s_definitions(folder: Path) -> dict[str, Any]:
    document = json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))
    definitions: dict[str, Any] = document.get("$defs") or document.get("definitions") or {}
    return definitions


@cache
def _k8s_registry(folder: Path) -> Any:
    """The shared ``_definitions.json`` of one bundled Kubernetes version, loaded once per process."""
    document = {"$defs": _k8s_definitions(folder)}
    # The schemas' $id is https://kubernetes.io/api/<kind>/<version>; their $ref is /api/_definitions.json.
    uris = (f"{_BASE}/api/_definitions.json", "https://kubernetes.io/api/_definitions.json")
    return jsonschema_rs.Registry([(uri, document) for uri in uris])
