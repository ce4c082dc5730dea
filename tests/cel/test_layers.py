"""The CEL engine is shared, not owned: policy and validate import it from fleetform.cel, never from each other."""

from __future__ import annotations

import ast
from pathlib import Path

import fleetform

PACKAGE = Path(fleetform.__file__).parent


def imported(subpackage: str) -> set[str]:
    """Every ``fleetform...`` module imported anywhere in ``fleetform/<subpackage>`` (function bodies too)."""
    found: set[str] = set()
    for file in (PACKAGE / subpackage).rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("fleetform.")}


def test_the_engine_imports_only_itself_and_the_cache_folder() -> None:
    outside = {m for m in imported("cel") if m != "fleetform.cel" and not m.startswith("fleetform.cel.")}
    assert outside == {"fleetform.files"}


def test_validate_and_policy_do_not_import_each_other() -> None:
    assert {m for m in imported("validate") if m.startswith("fleetform.policy")} == set()
    assert {m for m in imported("policy") if m.startswith("fleetform.validate")} == set()


def test_validate_reaches_the_engine_through_crdcel_only() -> None:
    uses = {
        file.name
        for file in (PACKAGE / "validate").rglob("*.py")
        if "fleetform.cel" in file.read_text(encoding="utf-8")
    }
    assert uses == {"crdcel.py"}
    assert {m for m in imported("validate") if m.startswith("fleetform.cel")} == {"fleetform.cel.env"}
