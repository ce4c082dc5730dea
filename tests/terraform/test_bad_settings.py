"""The Terraform half starts from checked settings: a bad value stops a synth before any Node work, and a
stack is asked for by a cluster id that exists."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings
from fleetform.terraform.synth import stack_contexts


def test_unknown_cluster(settings_copy: Path) -> None:
    with pytest.raises(UserError) as caught:
        stack_contexts(load_settings(settings_copy), ["aws-qa"])
    assert caught.value.message == (
        "unknown cluster 'aws-qa'; expected one of: aws-dev, aws-staging, aws-production, azure-dev, "
        "azure-staging, azure-production, gcp-dev, gcp-staging, gcp-production"
    )


def test_contexts_in_the_order_asked(repo: Path) -> None:
    contexts = stack_contexts(load_settings(repo / "settings"), ["gcp-dev", "aws-production"])
    assert [ctx.stack_id for ctx in contexts] == ["gcp-dev", "aws-production"]


def test_synth_fails_before_node_starts(settings_copy: Path, tmp_path: Path) -> None:
    """A bad value stops the synth pipeline before cdktn (and so Node) is imported; nothing is written."""
    dev = settings_copy / "environments/dev.yaml"
    dev.write_text(dev.read_text(encoding="utf-8").replace("backup_retention_days: 7", "backup_retention_days: 3"))
    line = next(i for i, text in enumerate(dev.read_text().splitlines(), 1) if "backup_retention_days:" in text)
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from fleetform.errors import UserError
        from fleetform.synth import synthesize
        try:
            synthesize(Path("settings"), out=Path("out"))
        except UserError as error:
            print(error.message)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("cdktn", "jsii", "cdktn_provider_aws")))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == (
        f"settings/environments/dev.yaml:{line}: infra.backup_retention_days: 3 is too small; expected a value >= 7\n"
        "[]\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings"]
