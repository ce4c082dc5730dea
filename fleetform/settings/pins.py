"""The pins of the platform settings, each with the key path that sets it in ``settings/platform.yaml``.

A pin whose vendored data is incomplete is a settings error, raised by the loader: nothing is synthesized
for a version fleetform knows nothing about (its support, its values keys, its CRD schemas).
"""

from __future__ import annotations

import dataclasses

from fleetform.clouds import CLOUDS
from fleetform.rules import KeyPath
from fleetform.settings.model import PlatformSettings
from fleetform.settings.release import Release
from fleetform.versions import Pin


def platform_pins(platform: PlatformSettings) -> list[tuple[Pin, KeyPath]]:
    """Every pin: the Kubernetes minor on each cloud's managed service, Flux, each chart-installed component."""
    out: list[tuple[Pin, KeyPath]] = [
        (Pin(CLOUDS[cloud].kubernetes_service, platform.kubernetes_version), ("kubernetes_version",))
        for cloud in platform.clouds
    ]
    out.append((Pin("flux", platform.flux_version), ("flux_version",)))
    for chart in dataclasses.fields(platform.charts):
        out.append((Pin(chart.name.replace("_", "-"), getattr(platform.charts, chart.name)), ("charts", chart.name)))
    return out


def release_pins(release: Release) -> list[tuple[Pin, KeyPath]]:
    """The chart pins of an environment's ``release:``, each with its key path in the environment's file."""
    return [
        (Pin(name.replace("_", "-"), version), ("release", "charts", name)) for name, version in release.charts.items()
    ]
