"""The CRD schemas ``fleetform validate`` uses by default: those of the pinned versions, then imported ones.

Each component version's schemas are vendored beside its support record
(``fleetform/versions/vendored/<component>/<version>/crds/<group>/<kind>_<version>.json``), so the schemas
that validate ``dist/`` follow the pins: the pins of ``./settings`` when it exists (as the Kubernetes
version does), else the settings' defaults. CRDs added with ``fleetform schemas import`` (``crds/`` of
this package) come after them.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fleetform.schemas import CRD_DIR
from fleetform.versions.pins import Pin
from fleetform.versions.vendored import VENDORED, vendored_dir

SETTINGS = Path("settings")


@dataclass(frozen=True)
class CrdSchema:
    """One bundled schema: ``<group>/<kind>_<version>.json``, the file, and the pin it comes from (None for an
    imported one)."""

    name: str
    path: Path
    pin: Pin | None

    @property
    def group_kind_version(self) -> tuple[str, str, str]:
        group, _, rest = self.name.removesuffix(".json").partition("/")
        kind, _, version = rest.rpartition("_")
        return group, kind, version


def pinned_schemas(pins: Iterable[Pin], root: Path = VENDORED) -> dict[str, CrdSchema]:
    """Every vendored CRD schema of ``pins`` by name (a pin without vendored CRDs adds none)."""
    return dict(_pinned(tuple(sorted(set(pins))), root))


@functools.cache
def _pinned(pins: tuple[Pin, ...], root: Path) -> dict[str, CrdSchema]:
    out: dict[str, CrdSchema] = {}
    for pin in pins:
        folder = vendored_dir(pin, root) / "crds"
        for path in sorted(folder.rglob("*.json")):
            name = path.relative_to(folder).as_posix()
            out.setdefault(name, CrdSchema(name, path, pin))
    return out


def imported_schemas(folder: Path = CRD_DIR) -> dict[str, CrdSchema]:
    return {
        p.relative_to(folder).as_posix(): CrdSchema(p.relative_to(folder).as_posix(), p, None)
        for p in sorted(folder.rglob("*.json"))
    }


def bundled_schemas(pins: Iterable[Pin] | None = None) -> dict[str, CrdSchema]:
    """The schemas ``default`` resolves to: pinned (``pins``, default :func:`default_pins`), then imported."""
    return {**imported_schemas(), **pinned_schemas(default_pins() if pins is None else pins)}


def default_pins(settings: Path = SETTINGS) -> tuple[Pin, ...]:
    """The pins of the ``settings`` folder when it exists, else those of the settings' defaults (every cloud)."""
    return _default_pins(settings.resolve())


@functools.cache
def _default_pins(settings: Path) -> tuple[Pin, ...]:
    from fleetform.clouds import CLOUDS
    from fleetform.settings.model import PlatformSettings
    from fleetform.settings.services import ChartVersions

    if settings.is_dir():
        from fleetform.settings import load_settings
        from fleetform.settings.pins import platform_pins

        return tuple(pin for pin, _ in platform_pins(load_settings(settings).platform))
    defaults = PlatformSettings.__dataclass_fields__
    kubernetes, flux = str(defaults["kubernetes_version"].default), str(defaults["flux_version"].default)
    charts = ChartVersions()
    return (
        *(Pin(cloud.kubernetes_service, kubernetes) for cloud in CLOUDS.values()),
        Pin("flux", flux),
        *(Pin(f.name.replace("_", "-"), getattr(charts, f.name)) for f in dataclasses.fields(charts)),
    )


def bundled_crd_path(name: str) -> Path:
    """The file of ``<group>/<kind>_<version>.json`` among the bundled schemas (it may not exist)."""
    found = pinned_schemas(default_pins()).get(name)
    return found.path if found is not None else CRD_DIR / name
