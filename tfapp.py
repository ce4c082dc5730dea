"""The CDK Terrain app (``cdktf.json``: ``app: .venv/bin/python tfapp.py settings``): every stack in one App.

Errors are reported as by every ``fleetform`` command (:func:`fleetform.cli.guarded`). The stacks themselves
are built by :func:`fleetform.terraform.app.main`; ``fleetform synth`` does not use this file.
"""

from __future__ import annotations

import sys

from fleetform.cli import guarded
from fleetform.terraform.app import main

if __name__ == "__main__":
    sys.exit(guarded(lambda: main(sys.argv[1:])))
