"""The cdk8s app (``cdk8s.yaml``: ``app: python app.py``): the Kubernetes half of ``fleetform synth``.

The cdk8s CLI empties its output folder, runs this file with ``CDK8S_OUTDIR`` set, and lists the YAML files
it finds there: the ones ``fleetform synth`` writes under ``dist/k8s``, byte for byte. Errors are reported
as by every ``fleetform`` command (:func:`fleetform.cli.guarded`). Nothing is synthesized on import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fleetform.cli import guarded

PREFIX = "k8s/"  # where the Kubernetes half of fleetform's tree lives; the cdk8s output folder is that folder


def main() -> int:
    from fleetform.render.k8s_tree import k8s_tree
    from fleetform.render.tree import write_tree
    from fleetform.settings import load_settings

    outdir = Path(os.environ.get("CDK8S_OUTDIR", "dist/k8s"))
    settings = load_settings(Path(os.environ.get("FLEETFORM_SETTINGS", "settings")))
    tree = k8s_tree(settings.clusters())
    write_tree({path.removeprefix(PREFIX): data for path, data in tree.items()}, outdir)
    return 0


if __name__ == "__main__":
    sys.exit(guarded(main))
