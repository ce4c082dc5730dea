"""Platform, environment and cloud settings: data files validated on load."""

from fleetform.settings.bundle import Cluster, Settings
from fleetform.settings.loader import load_settings

__all__ = ["Cluster", "Settings", "load_settings"]
