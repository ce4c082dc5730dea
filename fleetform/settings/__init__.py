"""Platform, environment and cloud settings: data files validated on load, against the schema
(:mod:`.model`) and the rules of each cloud (:mod:`fleetform.clouds`)."""

from __future__ import annotations

from fleetform.settings.bundle import Cluster, Settings
from fleetform.settings.loader import load_settings

__all__ = ["Cluster", "Settings", "load_settings"]
