"""Where the vendored data of a component version lives, and which of its parts are there.

Layout (package data, so an installed wheel has it): ``vendored/<component>/<version>/`` holding
``support.yaml``, ``SOURCE.json``, ``values/<chart>.json`` per chart of the component, ``crds/<group>/
<kind>_<version>.json`` when the component defines custom resources, and Flux's ``gotk-components.yaml`` and
``images.yaml``. ``fleetform schemas vendor --from DIR`` writes everything but ``support.yaml``, which is
written by hand from the project's published support policy (README, "Vendored upstream data").
"""

from __future__ import annotations

import re
from pathlib import Path

from fleetform.versions.components import COMPONENTS
from fleetform.versions.pins import Pin

VENDORED = Path(__file__).parent / "vendored"
SUPPORT = "support.yaml"
SOURCE = "SOURCE.json"
VENDOR_COMMAND = "fleetform schemas vendor --from DIR (README: 'Vendored upstream data')"


def vendored_dir(pin: Pin, root: Path = VENDORED) -> Path:
    return root / pin.component / pin.version


def vendored_versions(component: str, root: Path = VENDORED) -> list[str]:
    """The versions of ``component`` with a vendored folder, oldest first."""
    folder = root / component
    names = [p.name for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []
    return sorted(names, key=version_key)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key of ``v1.21.1`` / ``1.30.3`` / ``1.35``: numeric parts as numbers."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.+-]", version.lstrip("v")))


def missing_data(pin: Pin, root: Path = VENDORED) -> list[str]:
    """The parts of ``pin``'s vendored data that are absent (relative paths; ``crds/`` for no CRD schema)."""
    component = COMPONENTS.get(pin.component)
    folder = vendored_dir(pin, root)
    needed = [SUPPORT]
    if component is not None and (component.charts or component.crds or component.name == "flux"):
        needed.append(SOURCE)
    if component is not None:
        needed += [f"values/{chart}.json" for chart in component.charts]
        if component.name == "flux":
            needed += ["gotk-components.yaml", "images.yaml"]
    out = [name for name in needed if not (folder / name).is_file()]
    if component is not None and component.crds and not any((folder / "crds").rglob("*.json")):
        out.append("crds/")
    return out
