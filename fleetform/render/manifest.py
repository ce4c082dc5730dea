"""``dist/manifest.json``: every generated file with its sha256, and the versions that produced it."""

from __future__ import annotations

import hashlib
import json

from fleetform import __version__
from fleetform.render.tree import Tree
from fleetform.settings.model import PlatformSettings

MANIFEST = "manifest.json"


def manifest(tree: Tree, platform: PlatformSettings) -> bytes:
    body = {
        "fleetform_version": __version__,
        "platform": platform.name,
        "platform_version": platform.version,
        "kubernetes_version": platform.kubernetes_version,
        "files": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest()}
            for path, data in sorted(tree.items())
            if path != MANIFEST
        ],
    }
    return (json.dumps(body, indent=2) + "\n").encode()
