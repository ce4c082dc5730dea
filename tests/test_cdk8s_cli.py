"""The real cdk8s CLI (pinned in package.json) runs app.py and writes exactly dist/k8s."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fleetform.render.tree import read_tree
from fleetform.synth import synthesize


def test_cdk8s_synth_matches_fleetform_synth(repo: Path, tmp_path: Path) -> None:
    cli = repo / "node_modules" / ".bin" / "cdk8s"
    assert cli.exists(), "run scripts/setup.sh: the pinned cdk8s CLI is not installed"
    out = tmp_path / "cdk8s-out"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20",
    }
    proc = subprocess.run(
        [str(cli), "synth", "--no-check-upgrade", "--output", str(out)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "end-of-life" not in proc.stdout + proc.stderr  # app.py silences jsii's Node 20 banner itself
    tree = synthesize(repo / "settings", terraform=False).tree
    expected = {path.removeprefix("k8s/"): data for path, data in tree.items() if path.startswith("k8s/")}
    assert read_tree(out) == expected
