"""Flux's own components: the vendored ``flux install --export`` manifests of a Flux release.

They go into each cluster's ``flux`` layer, so Flux manages itself from ``dist/`` like everything else: a new
``flux_version`` is a reviewed diff of these objects. The only change to upstream's output is each image
pinned by digest (``images.yaml``, from the Flux distribution's image list of that release), as the
platform pins every image.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import yaml

from fleetform.errors import UserError
from fleetform.versions.kubeyaml import load_objects
from fleetform.versions.pins import Pin
from fleetform.versions.vendored import VENDORED, vendored_dir


def flux_components(version: str, root: Path = VENDORED) -> tuple[dict[str, Any], ...]:
    """The objects of Flux ``version``'s install manifests (a fresh copy), in upstream's order."""
    return copy.deepcopy(_components(vendored_dir(Pin("flux", version), root)))


@functools.cache
def _components(folder: Path) -> tuple[dict[str, Any], ...]:
    images = {
        (image["name"], image["newTag"]): image["digest"]
        for image in yaml.safe_load((folder / "images.yaml").read_text(encoding="utf-8"))["images"]
    }
    out = []
    for obj in load_objects((folder / "gotk-components.yaml").read_text(encoding="utf-8")):
        for container in ((obj.get("spec") or {}).get("template") or {}).get("spec", {}).get("containers", []):
            name, _, tag = container["image"].rpartition(":")
            if (name, tag) not in images:
                missing = f"no digest of {container['image']}"
                raise UserError(f"{folder / 'images.yaml'}: {missing}; expected every image of the manifests")
            container["image"] = f"{name}:{tag}@{images[name, tag]}"
        out.append(obj)
    return tuple(out)
