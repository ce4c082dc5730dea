"""The cdk8s app (``cdk8s.yaml``: ``app: python app.py``).

``cdk8s synth`` writes the Kubernetes manifests of every cluster into its output folder, exactly as
``fleetform synth`` lays them out in ``dist/k8s``. Nothing is synthesized on import.
"""

from __future__ import annotations

import sys

from fleetform.cli import guarded
from fleetform.commands import cdk8s_app

if __name__ == "__main__":
    sys.exit(guarded(cdk8s_app.run))
