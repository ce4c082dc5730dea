"""What a validation run checks against: the options of ``fleetform validate`` as data."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

#: Without settings: the settings' default Kubernetes minor (PlatformSettings.kubernetes_version).
DEFAULT_KUBERNETES_VERSION = "1.35"


@dataclass(frozen=True)
class Config:
    """kubeconform's options. ``schema_locations`` empty means ``("default",)``: bundled schemas only.
    ``kubernetes_version`` is ``master`` (the newest bundled), x.y.z, or x.y (``fleetform check``)."""

    kubernetes_version: str = "master"
    strict: bool = False
    schema_locations: tuple[str, ...] = ()
    cache: Path | None = None
    ignore_missing_schemas: bool = False
    skip: frozenset[str] = field(default_factory=frozenset)
    reject: frozenset[str] = field(default_factory=frozenset)
    ignore_filename_patterns: tuple[str, ...] = ()
    workers: int = 1
    exit_on_error: bool = False
    cel: bool = True

    @property
    def locations(self) -> tuple[str, ...]:
        return self.schema_locations or ("default",)

    def ignored(self, file: str) -> bool:
        return any(re.search(pattern, file) for pattern in self.ignore_filename_patterns)


def default_workers() -> int:
    """Worker processes of ``fleetform check``: one per CPU, at most 4 (kubeconform's ``-n`` default)."""
    return min(4, os.cpu_count() or 1)


def default_kubernetes_version(settings_dir: Path = Path("settings")) -> str:
    """The platform's ``kubernetes_version`` when ``./settings`` exists, else the settings' default."""
    if not settings_dir.is_dir():
        return DEFAULT_KUBERNETES_VERSION
    from fleetform.settings import load_settings

    version: str = load_settings(settings_dir).platform.kubernetes_version
    return version
