"""Derive a compact provider schema from a cdktn provider's jsii assembly (pure JSON reading, no Node).

The assembly lists, for every resource and data source class, its ``*Config`` struct: each property with
its jsii type, its ``optional`` flag and a doc link whose anchor is the Terraform argument name
(``.../docs/resources/redis_cache#sku_name RedisCache#sku_name``). Struct-typed properties are nested
blocks. The compact schema::

    {"provider": "azurerm", "source": "hashicorp/azurerm", "version": "5.10.0",
     "package": "cdktn-provider-azurerm==18.9.0",
     "provider_config": <block>, "resources": {type: <block>}, "data_sources": {type: <block>},
     "blocks": [{"a": {name: [type, required]}, "b": {name: [<block>, required]}}, ...]}

where ``<block>`` is an index into ``blocks`` (identical blocks are stored once; -1 for the inner levels
of a recursive struct, which are not checked) and a type is
``"string" | "number" | "bool" | "any" | ["list", type] | ["map", type]``.
"""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path
from typing import Any

from fleetform.errors import UserError

Type = str | list[Any]

_ANCHOR = re.compile(r"/docs/(?:resources|data-sources)?/?[\w-]*#(\w+) ")
_TYPE_LINK = re.compile(r"/docs/(resources|data-sources)/\w+ ([\w-]+)\}")
_VERSION = re.compile(r"registry\.terraform\.io/providers/[\w-]+/[\w-]+/([\w.+-]+)/docs")
#: Block index of a nested block whose content is not checked (recursive structs).
UNCHECKED = -1
_RESOURCE_BASES = {"cdktn.TerraformResource": "resources", "cdktn.TerraformDataSource": "data_sources"}


def read_assembly(module_dir: Path) -> dict[str, Any]:
    """Read ``<module>/_jsii/*.jsii.tgz`` -> the ``.jsii`` JSON document."""
    archives = sorted((module_dir / "_jsii").glob("*.jsii.tgz"))
    if not archives:
        raise UserError(f"{module_dir}: no _jsii/*.jsii.tgz; expected an installed cdktn provider package")
    with tarfile.open(archives[0], "r:gz") as tar:
        member = tar.extractfile("package/.jsii")
        if member is None:
            raise UserError(f"{archives[0]}: no package/.jsii member; expected a jsii assembly archive")
        document: dict[str, Any] = json.load(member)
    return document


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def terraform_name(prop: dict[str, Any]) -> str:
    """The Terraform argument name of a jsii property (doc link anchor; snake_case as a fallback)."""
    docs = prop.get("docs", {})
    for text in (docs.get("remarks", ""), docs.get("summary", "")):
        match = _ANCHOR.search(text)
        if match:
            return match.group(1)
    summary = str(docs.get("summary", ""))
    if summary.endswith(" block."):
        return summary.removesuffix(" block.")
    return _snake(prop["name"])


class _Deriver:
    def __init__(self, types: dict[str, Any]) -> None:
        self.types = types
        self.blocks: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.memo: dict[str, int] = {}
        self.open: set[str] = set()

    def block(self, fqn: str) -> int:
        if fqn in self.memo:
            return self.memo[fqn]
        if fqn in self.open:
            return UNCHECKED  # a recursive struct: its inner levels are not checked
        self.open.add(fqn)
        attributes: dict[str, list[Any]] = {}
        nested: dict[str, list[Any]] = {}
        for prop in self.types[fqn].get("properties", []):
            name, required = terraform_name(prop), 0 if prop.get("optional") else 1
            struct = self.struct_of(prop["type"])
            if struct is not None:
                nested[name] = [self.block(struct), required]
            else:
                attributes[name] = [self.type_of(prop["type"]), required]
        block = {"a": dict(sorted(attributes.items())), "b": dict(sorted(nested.items()))}
        key = json.dumps(block, sort_keys=True)
        if key not in self.index:
            self.index[key] = len(self.blocks)
            self.blocks.append(block)
        self.memo[fqn] = self.index[key]
        self.open.discard(fqn)
        return self.memo[fqn]

    def struct_of(self, jtype: dict[str, Any]) -> str | None:
        """The struct fqn if ``jtype`` is a nested block (a struct, or a list of structs)."""
        options = jtype["union"]["types"] if "union" in jtype else [jtype]
        for option in options:
            if "collection" in option:
                option = option["collection"]["elementtype"]
            fqn = option.get("fqn", "")
            if self.types.get(fqn, {}).get("datatype"):
                return str(fqn)
        return None

    def type_of(self, jtype: dict[str, Any]) -> Type:
        if "primitive" in jtype:
            primitive = jtype["primitive"]
            return {"string": "string", "number": "number", "boolean": "bool"}.get(primitive, "any")
        if "collection" in jtype:
            kind = "map" if jtype["collection"]["kind"] == "map" else "list"
            return [kind, self.type_of(jtype["collection"]["elementtype"])]
        if "union" in jtype:
            concrete = [t for t in jtype["union"]["types"] if t.get("fqn") != "cdktn.IResolvable"]
            return self.type_of(concrete[0]) if len(concrete) == 1 else "any"
        return "any"


def derive(assembly: dict[str, Any], name: str, source: str, distribution: str) -> dict[str, Any]:
    """The compact schema of one provider assembly."""
    types: dict[str, Any] = assembly["types"]
    deriver = _Deriver(types)
    kinds: dict[str, dict[str, int]] = {"resources": {}, "data_sources": {}}
    provider_config, version = -1, ""
    for fqn in sorted(types):
        cls = types[fqn]
        if cls.get("kind") != "class":
            continue
        summary = cls.get("docs", {}).get("summary", "")
        config = _config_fqn(cls)
        if cls.get("base") == "cdktn.TerraformProvider" and config:
            provider_config = deriver.block(config)
            match = _VERSION.search(summary)
            version = match.group(1) if match else ""
        kind = _RESOURCE_BASES.get(cls.get("base", ""))
        link = _TYPE_LINK.search(summary)
        if kind and link and config:
            kinds[kind][link.group(2)] = deriver.block(config)
    return {
        "provider": name,
        "source": source,
        "version": version,
        "package": f"{distribution}=={assembly['version']}",
        "provider_config": provider_config,
        "resources": dict(sorted(kinds["resources"].items())),
        "data_sources": dict(sorted(kinds["data_sources"].items())),
        "blocks": deriver.blocks,
    }


def _config_fqn(cls: dict[str, Any]) -> str:
    for param in cls.get("initializer", {}).get("parameters", []):
        if param["name"] == "config":
            return str(param["type"].get("fqn", ""))
    return ""
