"""Layers point down: each package imports only the fleetform packages below it (read from the source with
ast, so imports inside functions and ``if TYPE_CHECKING:`` blocks count too).

rules <- clouds <- settings <- {k8s, terraform}: the Kubernetes charts and the Terraform stacks get what
they need from other layers (admission objects, backup targets, Flux's manifests) as inputs from the synth
pipeline. versions (the vendored upstream data and support records) <- charts (values schemas) and settings
(a pin needs vendored data).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fleetform"

#: Package (or module) -> the fleetform packages and modules it may import, besides itself.
ALLOWED: dict[str, set[str]] = {
    "rules": set(),
    "clouds": {"rules"},
    "versions": {"errors"},
    "charts": {"errors", "versions"},
    "settings": {"rules", "errors", "clouds", "versions"},
    "k8s": {"errors", "settings", "clouds"},
    "terraform": {"errors", "settings", "clouds"},
    "diff": {"errors", "files", "documents", "parse_cache"},  # reads dist/ only: no settings, charts or synth
}


def _fleetform_imports(path: Path) -> set[str]:
    """The first part below ``fleetform`` of every fleetform module ``path`` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {name.split(".")[1] for name in names if name.startswith("fleetform.")}
    return found


def _sources(layer: str) -> list[Path]:
    module = PACKAGE / f"{layer}.py"
    return [module] if module.is_file() else sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    sources = _sources(layer)
    assert sources, layer
    wrong = {
        path.relative_to(PACKAGE).as_posix(): sorted(found)
        for path in sources
        if (found := _fleetform_imports(path) - ALLOWED[layer] - {layer})
    }
    assert wrong == {}


def test_the_charts_take_no_policy_or_terraform_code() -> None:
    """The charts' admission objects and backup targets come in as inputs (fleetform/k8s/inputs.py)."""
    imported = set().union(*(_fleetform_imports(path) for path in _sources("k8s")))
    assert imported == {"clouds", "errors", "k8s", "settings"}
