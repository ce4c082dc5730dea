"""The supported clouds, listed explicitly."""

from __future__ import annotations

from fleetform.clouds.aws import Aws
from fleetform.clouds.azure import Azure
from fleetform.clouds.base import Cloud
from fleetform.clouds.gcp import Gcp

CLOUDS: dict[str, Cloud] = {cloud.name: cloud for cloud in (Aws(), Azure(), Gcp())}

__all__ = ["CLOUDS", "Cloud"]
