"""What ``cdk8s synth`` runs (through ``app.py``): the Kubernetes half of ``fleetform synth``.

The cdk8s CLI empties its output folder, runs ``app.py`` with ``CDK8S_OUTDIR`` set, and lists the YAML
files it finds there. The files are the ones ``fleetform synth`` writes under ``dist/k8s``, byte for byte.
"""

from __future__ import annotations

import os
from pathlib import Path

from fleetform.render.k8s_tree import k8s_tree
from fleetform.render.tree import write_tree
from fleetform.settings import load_settings

PREFIX = "k8s/"


def run() -> int:
    outdir = Path(os.environ.get("CDK8S_OUTDIR", "dist/k8s"))
    settings = load_settings(Path(os.environ.get("FLEETFORM_SETTINGS", "settings")))
    tree = k8s_tree(settings.clusters())
    write_tree({path.removeprefix(PREFIX): data for path, data in tree.items()}, outdir)
    return 0
