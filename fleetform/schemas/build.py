"""Build the imported schema set from its sources, and write or compare it (data in, data out)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fleetform.schemas import CRD_DIR, SOURCE_DIR
from fleetform.schemas.crd import Schemas, convert_crd_file


def build_all(source_dir: Path = SOURCE_DIR) -> Schemas:
    """Every imported schema: the CRD YAML kept in ``source_dir`` by ``fleetform schemas import``, converted."""
    out: Schemas = {}
    for crd_file in sorted(source_dir.glob("*.yaml")):
        out.update(convert_crd_file(crd_file))
    return out


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write(schemas: Schemas, folder: Path, prune: bool) -> list[str]:
    """Write ``schemas`` under ``folder``; with ``prune`` remove JSON files no source produces any more."""
    for name, schema in schemas.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(schema), encoding="utf-8")
    if prune:
        for stale in sorted(folder.rglob("*.json")):
            if stale.relative_to(folder).as_posix() not in schemas:
                stale.unlink()
    return sorted(schemas)


def differences(schemas: Schemas, folder: Path = CRD_DIR) -> list[str]:
    """Files under ``folder`` that are missing, stale or extra compared with ``schemas``."""
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*.json")}
    out = [f"extra {name}" for name in sorted(present - set(schemas))]
    for name in sorted(schemas):
        if name not in present:
            out.append(f"missing {name}")
        elif (folder / name).read_text(encoding="utf-8") != dump(schemas[name]):
            out.append(f"stale {name}")
    return out
