"""Regenerate the bundled compact schemas from the installed cdktn provider packages."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from fleetform.errors import UserError
from fleetform.tfschema.derive import derive, read_assembly
from fleetform.tfschema.providers import PROVIDERS
from fleetform.tfschema.schema import SCHEMA_DIR, schema_path


@dataclass(frozen=True)
class Regenerated:
    provider: str
    package: str
    version: str
    resources: int
    data_sources: int
    path: Path
    size: int


def module_dir(module: str) -> Path:
    """The installed package folder of ``module`` without importing it (importing starts Node)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise UserError(
            f"python package '{module}' is not installed; expected it in this environment "
            "(pip install the pinned cdktn provider)"
        )
    return Path(spec.origin).parent


def regenerate(providers: list[str], out: Path = SCHEMA_DIR) -> list[Regenerated]:
    """Write ``<out>/<provider>.json`` for each provider name; returns what was written."""
    results = []
    out.mkdir(parents=True, exist_ok=True)
    for name in providers:
        if name not in PROVIDERS:
            raise UserError(f"unknown provider '{name}'; expected one of: {', '.join(PROVIDERS)}")
        package = PROVIDERS[name]
        schema = derive(read_assembly(module_dir(package.module)), name, package.source, package.distribution)
        text = json.dumps(schema, separators=(",", ":"), sort_keys=True) + "\n"
        path = schema_path(name, out)
        path.write_text(text, encoding="utf-8")
        results.append(
            Regenerated(
                name,
                schema["package"],
                schema["version"],
                len(schema["resources"]),
                len(schema["data_sources"]),
                path,
                len(text.encode()),
            )
        )
    return results
