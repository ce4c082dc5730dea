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
from fleetform.validate.locations import Target, find_schema

_BASE = "https://schemas.fleetform.invalid"


@dataclass(frozen=True)
class Compiled:
    """A ready validator, where its schema came from, and its CEL rules (``x-kubernetes-validations``)."""

    source: str
    validator: Any
    schema: dict[str, Any]
    rules: tuple[Rule, ...]


class SchemaStore:
    """Find and compile schemas for one configuration; results (and misses) are memoized."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._compiled: dict[tuple[str, str], Compiled | None] = {}

    def get(self, api_version: str, kind: str) -> Compiled | None:
        key = (api_version, kind)
        if key not in self._compiled:
            self._compiled[key] = self._compile(api_version, kind)
        return self._compiled[key]

    def _compile(self, api_version: str, kind: str) -> Compiled | None:
        config = self.config
        target = Target(api_version, kind, config.kubernetes_version, config.strict)
        found = find_schema(target, config.locations, config.cache)
        if found is None:
            return None
        if found.k8s_dir is not None:
            validator = jsonschema_rs.validator_for(
                found.schema,
                registry=_k8s_registry(found.k8s_dir),
                base_uri=f"{_BASE}/{found.k8s_dir.name}/{kind.lower()}.json",
            )
        else:
            validator = jsonschema_rs.validator_for(found.schema)
        rules = collect_rules(found.schema) if config.cel else ()
        return Compiled(found.source, validator, found.schema, rules)


@cache
def _k8s_registry(folder: Path) -> Any:
    """The shared ``_definitions.json`` of one bundled Kubernetes version, loaded once per process."""
    definitions = json.loads((folder / "_definitions.json").read_text(encoding="utf-8"))
    return jsonschema_rs.Registry([(f"{_BASE}/api/_definitions.json", definitions)])
