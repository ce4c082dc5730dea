"""Check every resource, data source and provider block of a ``cdk.tf.json`` against the bundled schemas.

Finds unknown arguments, unknown nested blocks, missing required arguments/blocks and wrong types,
which catches what escape-hatch overrides (``add_override``) slip past the typed constructs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.findings.finding import Finding
from fleetform.tfschema.derive import UNCHECKED
from fleetform.tfschema.jsonlines import JsonLinesError, JsonPath, parse_with_lines
from fleetform.tfschema.providers import PROVIDERS
from fleetform.tfschema.schema import Block, ProviderSchema, load_schema, provider_of

RESOURCE_META = frozenset(
    {"//", "count", "depends_on", "for_each", "provider", "lifecycle", "provisioner", "connection"}
)
DATA_META = frozenset({"//", "count", "depends_on", "for_each", "provider", "lifecycle"})
PROVIDER_META = frozenset({"alias", "version"})
BUILTIN_TYPES = frozenset({"terraform_data", "null_resource"})
#: Larger files are reported, not parsed (a synthesized stack is ~50 KB; parsing is ~0.2 s per MB).
MAX_BYTES = 64 * 1024 * 1024


FILE = "(file)"  # the address of findings about the whole file (too large, not UTF-8, not JSON)


def _file_problem(file: str, line: int | None, reason: str) -> list[Finding]:
    return [Finding(file=file, line=line, object=FILE, message=reason)]


@dataclass(frozen=True)
class Stack:
    """A parsed ``cdk.tf.json``: its document and the line of its values; ``problems`` when it is unreadable."""

    document: dict[str, Any]
    lines: dict[JsonPath, int]
    problems: list[Finding]


def read_stack(path: Path) -> Stack:
    """Read and parse ``path``; a file that is too large, unreadable, not UTF-8 or not a JSON object gives
    one :data:`FILE` finding (``problems``) and an empty document."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return Stack({}, {}, _file_problem(file, None, f"{size} bytes is larger than the {MAX_BYTES} byte limit"))
        raw = path.read_bytes()
        document, lines = parse_with_lines(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Stack({}, {}, _file_problem(file, line, "not UTF-8 text"))
    except JsonLinesError as error:
        return Stack({}, {}, _file_problem(file, error.line, str(error)))
    except OSError as error:
        return Stack({}, {}, _file_problem(file, None, f"cannot read: {error.strerror}"))
    if not isinstance(document, dict):
        return Stack({}, {}, _file_problem(file, 1, "the top level is not a JSON object"))
    return Stack(document, lines, [])


def check_stack(path: Path) -> list[Finding]:
    """All findings of one ``cdk.tf.json``, in document order (sorted by line, then address and path).

    Each names the resource, data source or provider by its address (``aws_s3_bucket.models``,
    ``provider.aws``; :data:`FILE` for the file), and the argument by its path; as a line
    (:func:`~fleetform.findings.finding.format_finding`)::

        dist/terraform/aws-dev/cdk.tf.json:122: provider.aws is invalid: regoin: unknown argument
    """
    return check_read(str(path), read_stack(path))


def check_read(file: str, stack: Stack) -> list[Finding]:
    """:func:`check_stack` of a stack already read (``file`` names it in the findings)."""
    if stack.problems:
        return stack.problems
    checker = _Checker(file, stack.lines)
    checker.document(stack.document)
    return sorted(checker.findings, key=lambda f: (f.line or 0, f.object, f.path, f.message))


def _type_name(tf_type: Any) -> str:
    if isinstance(tf_type, list):
        return f"{tf_type[0]}({_type_name(tf_type[1])})"
    return str(tf_type)


def _is_expression(value: Any) -> bool:
    return isinstance(value, str) and "${" in value


def _type_problem(value: Any, tf_type: Any) -> str | None:
    """Why ``value`` cannot be converted to ``tf_type`` by Terraform (None when it can)."""
    if tf_type == "any" or _is_expression(value) or value is None:
        return None
    ok = {
        "string": lambda v: isinstance(v, str | int | float | bool),
        "number": lambda v: (isinstance(v, int | float) and not isinstance(v, bool)) or _numeric(v),
        "bool": lambda v: isinstance(v, bool) or v in ("true", "false"),
    }
    if isinstance(tf_type, str):
        return None if ok.get(tf_type, lambda v: True)(value) else f"{_shown(value)} is not of type {tf_type}"
    kind = tf_type[0]
    if (kind == "list" and not isinstance(value, list)) or (kind == "map" and not isinstance(value, dict)):
        return f"{_shown(value)} is not of type {_type_name(tf_type)}"
    return None


def _shown(value: Any) -> str:
    """A value as JSON, cut to 60 characters."""
    text = json.dumps(value)
    return text if len(text) <= 60 else f"{text[:60]}…"


def _numeric(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


class _Checker:
    def __init__(self, file: str, lines: dict[JsonPath, int]) -> None:
        self.file = file
        self.lines = lines
        self.findings: list[Finding] = []

    def add(self, where: JsonPath, address: str, path: str, reason: str) -> None:
        line = None
        while line is None and where:
            line = self.lines.get(where)
            where = where[:-1]
        self.findings.append(Finding(file=self.file, line=line, object=address, path=path, message=reason))

    def table(self, value: Any, where: JsonPath, address: str, path: str, what: str) -> dict[str, Any]:
        """``value`` when it is a JSON object; else a finding (``what`` says what it should hold) and ``{}``."""
        if isinstance(value, dict):
            return value
        self.add(where, address, path, f"{_shown(value)} is not a JSON object; expected {what}")
        return {}

    def document(self, document: dict[str, Any]) -> None:
        terraform = self.table(document.get("terraform", {}), ("terraform",), "terraform", "", "Terraform settings")
        self.versions(terraform)
        for name, configs in sorted(
            self.table(document.get("provider", {}), ("provider",), "provider", "", "provider blocks by name").items()
        ):
            schema = self.schema_for(name, ("provider", name), f"provider.{name}")
            for i, config in enumerate(configs if isinstance(configs, list) else [configs]):
                if schema is not None:
                    self.block(
                        schema,
                        schema.block(schema.provider_config),
                        config,
                        ("provider", name, i),
                        f"provider.{name}",
                        "",
                        PROVIDER_META,
                    )
        for section, prefix, meta in (("resource", "", RESOURCE_META), ("data", "data.", DATA_META)):
            types = self.table(document.get(section, {}), (section,), section, "", f"{section} types by name")
            for rtype, objects in sorted(types.items()):
                named = self.table(objects, (section, rtype), f"{prefix}{rtype}", "", f"{section} blocks by name")
                for name, body in sorted(named.items()):
                    self.resource(section, rtype, name, body, f"{prefix}{rtype}.{name}", meta)

    def versions(self, terraform: dict[str, Any]) -> None:
        where: JsonPath = ("terraform", "required_providers")
        required = self.table(
            terraform.get("required_providers", {}), where, "terraform", "required_providers", "providers by name"
        )
        for name, spec in sorted(required.items()):
            schema = load_schema(name)
            version = spec.get("version") if isinstance(spec, dict) else None
            if schema is not None and version is not None and version != schema.version:
                self.add(
                    ("terraform", "required_providers", name, "version"),
                    "terraform",
                    f"required_providers.{name}.version",
                    f"{version} differs from the bundled {schema.source} {schema.version} schema; "
                    "expected the pinned version (fleetform tfschema regenerate after an upgrade)",
                )

    def schema_for(self, provider: str, where: JsonPath, address: str) -> ProviderSchema | None:
        schema = load_schema(provider)
        if schema is None:
            self.add(
                where,
                address,
                "",
                f"no bundled schema for provider '{provider}'; expected one of: " + ", ".join(PROVIDERS),
            )
        return schema

    def resource(self, section: str, rtype: str, name: str, body: Any, address: str, meta: frozenset[str]) -> None:
        if rtype in BUILTIN_TYPES:
            return
        where: JsonPath = (section, rtype, name)
        schema = self.schema_for(provider_of(rtype), where, address)
        if schema is None:
            return
        table = schema.resources if section == "resource" else schema.data_sources
        if rtype not in table:
            kind = "resource" if section == "resource" else "data source"
            self.add(where, address, "", f"unknown {kind} type '{rtype}' in {schema.source} {schema.version}")
            return
        self.block(schema, schema.block(table[rtype]), body, where, address, "", meta)

    def block(
        self,
        schema: ProviderSchema,
        block: Block,
        body: Any,
        where: JsonPath,
        address: str,
        path: str,
        meta: frozenset[str] = frozenset(),
    ) -> None:
        if not isinstance(body, dict):
            self.add(where, address, path, f"{_shown(body)} is not a block (JSON object)")
            return
        dynamic = body.get("dynamic", {}) if isinstance(body.get("dynamic"), dict) else {}
        for key, value in body.items():
            here, at = _join(path, key), (*where, key)
            if key in meta:
                continue
            if key in block.attributes:
                problem = _type_problem(value, block.attributes[key][0])
                if problem:
                    self.add(at, address, here, problem)
            elif key in block.blocks:
                self.nested(schema, block.blocks[key][0], value, at, address, here)
            elif key == "dynamic" and dynamic:
                self.dynamic(schema, block, dynamic, at, address, here)
            else:
                nested = isinstance(value, dict) or (
                    isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
                )
                self.add(at, address, here, "unknown nested block" if nested else "unknown argument")
        for name, (_, required) in sorted(block.attributes.items()):
            if required and name not in body:
                self.add(where, address, _join(path, name), "missing required argument")
        for name, (_, required) in sorted(block.blocks.items()):
            if required and name not in body and name not in dynamic:
                self.add(where, address, _join(path, name), "missing required block")

    def nested(self, schema: ProviderSchema, index: int, value: Any, where: JsonPath, address: str, path: str) -> None:
        if index == UNCHECKED:
            return
        block = schema.block(index)
        if isinstance(value, list):
            for i, item in enumerate(value):
                self.block(schema, block, item, (*where, i), address, _join(path, i))
        else:
            self.block(schema, block, value, where, address, path)

    def dynamic(
        self, schema: ProviderSchema, block: Block, dynamic: dict[str, Any], where: JsonPath, address: str, path: str
    ) -> None:
        for name, spec in dynamic.items():
            here = _join(path, name)
            if name not in block.blocks:
                self.add((*where, name), address, here, "unknown nested block")
            elif isinstance(spec, dict) and isinstance(spec.get("content"), dict):
                self.nested(
                    schema,
                    block.blocks[name][0],
                    spec["content"],
                    (*where, name, "content"),
                    address,
                    f"{here}.content",
                )
