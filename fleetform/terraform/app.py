"""Entry point for the ``cdktn`` CLI (``cdktf.json`` ``"app"``): every stack in one App, for ``cdktn diff``.

fleetform's own output (``dist/terraform/<cloud>-<env>/cdk.tf.json``) comes from
:func:`fleetform.terraform.synth.synth_stacks`; this module only serves users of the cdktn CLI, which sets
``CDKTF_OUTDIR`` and reads what ``App.synth()`` writes there. It loads all three providers in one process
(~2 GB). Run through ``tfapp.py`` at the repository root, which reports errors as every ``fleetform`` command does.
"""

from __future__ import annotations

import os
from pathlib import Path

from fleetform.settings import load_settings
from fleetform.terraform.context import StackContext


def main(argv: list[str]) -> int:
    """``python tfapp.py [SETTINGS_DIR]``: synthesize every stack into ``CDKTF_OUTDIR``."""
    settings_root = Path(argv[0]) if argv else Path("settings")
    contexts = [StackContext(cluster) for cluster in load_settings(settings_root).clusters()]
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from fleetform.terraform.stacks import build_stack, new_app

    app = new_app(os.environ.get("CDKTF_OUTDIR", "cdktf.out"))
    for ctx in contexts:
        build_stack(app, ctx)
    app.synth()
    return 0
