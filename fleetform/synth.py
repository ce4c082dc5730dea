"""The synth pipeline: settings -> every output file, as data. Writing and checking live in the CLI command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fleetform.render.k8s_tree import k8s_tree
from fleetform.render.manifest import MANIFEST, manifest
from fleetform.render.tree import Tree
from fleetform.settings import Settings, load_settings


@dataclass(frozen=True)
class SynthResult:
    settings: Settings
    tree: Tree


def synthesize(settings_root: Path) -> SynthResult:
    """Load and validate the settings (before any Node process starts), then render every cluster."""
    settings = load_settings(settings_root)
    tree = k8s_tree(settings.clusters())
    tree[MANIFEST] = manifest(tree, settings.platform)
    return SynthResult(settings, dict(sorted(tree.items())))
