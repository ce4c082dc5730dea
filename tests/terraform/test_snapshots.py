"""Per-cloud snapshots: the synthesized cdk.tf.json is byte-identical to the reviewed one.

Regenerate after an intended change: ``FLEETFORM_UPDATE_SNAPSHOTS=1 pytest tests/terraform`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.terraform.conftest import STACKS

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.mark.parametrize("cluster_id", STACKS)
def test_stack_matches_snapshot(stack_files: dict[str, Path], cluster_id: str) -> None:
    actual = stack_files[cluster_id].read_bytes()
    snapshot = SNAPSHOTS / f"{cluster_id}.cdk.tf.json"
    if os.environ.get("FLEETFORM_UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_bytes(actual)
    assert actual == snapshot.read_bytes()


def test_synth_leaves_nothing_in_the_working_directory(stack_files: dict[str, Path], worker_cwd: Path) -> None:
    """The documents come from memory: no ``cdktf.out`` or scratch folder is left behind."""
    assert len(stack_files) == len(STACKS) + 1
    assert list(worker_cwd.iterdir()) == []


def test_no_checkout_or_scratch_path_in_output(stack_files: dict[str, Path]) -> None:
    repo = str(Path(__file__).resolve().parents[2])
    for path in stack_files.values():
        text = path.read_text(encoding="utf-8")
        assert repo not in text
        assert "fleetform-tf-" not in text
        assert str(path.parent) not in text
