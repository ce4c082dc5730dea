"""Platform, environment and cloud settings: data files validated on load."""

from __future__ import annotations

from pathlib import Path

from fleetform.settings.bundle import Cluster, Settings


def load_settings(root: Path) -> Settings:
    """Read ``root`` (a settings folder) into validated :class:`Settings` (see :mod:`.loader`)."""
    from fleetform.settings.loader import load_settings as load  # late: the loader needs fleetform.clouds

    return load(root)


__all__ = ["Cluster", "Settings", "load_settings"]
