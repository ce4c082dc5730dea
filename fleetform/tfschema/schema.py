"""Read the bundled compact provider schemas (see :mod:`fleetform.tfschema.derive` for the format)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.tfschema.providers import PROVIDERS

SCHEMA_DIR = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class Block:
    """Arguments ``name -> (type, required)`` and nested blocks ``name -> (Block index, required)``."""

    attributes: dict[str, tuple[Any, bool]]
    blocks: dict[str, tuple[int, bool]]


@dataclass(frozen=True)
class ProviderSchema:
    name: str
    source: str
    version: str
    package: str
    provider_config: int
    resources: dict[str, int]
    data_sources: dict[str, int]
    block_table: tuple[Block, ...]

    def block(self, index: int) -> Block:
        return self.block_table[index]


def schema_path(provider: str, folder: Path = SCHEMA_DIR) -> Path:
    return folder / f"{provider}.json"


def parse_schema(document: dict[str, Any]) -> ProviderSchema:
    table = tuple(
        Block(
            attributes={k: (v[0], bool(v[1])) for k, v in raw["a"].items()},
            blocks={k: (int(v[0]), bool(v[1])) for k, v in raw["b"].items()},
        )
        for raw in document["blocks"]
    )
    return ProviderSchema(
        name=document["provider"],
        source=document["source"],
        version=document["version"],
        package=document["package"],
        provider_config=document["provider_config"],
        resources=document["resources"],
        data_sources=document["data_sources"],
        block_table=table,
    )


@functools.cache
def load_schema(provider: str) -> ProviderSchema | None:
    """The bundled schema of ``provider`` (``aws``, ``azurerm``, ``google``), or None if none is bundled."""
    path = schema_path(provider)
    if provider not in PROVIDERS or not path.is_file():
        return None
    return parse_schema(json.loads(path.read_text(encoding="utf-8")))


def provider_of(resource_type: str) -> str:
    """Terraform's rule: a resource type's provider is the prefix before the first underscore."""
    return resource_type.split("_", 1)[0]
