"""A bounded, seeded fuzz run over manifests, Terraform stacks and settings: no crash (exit 3), every error
located, no input slow. ``bench/fuzz.py`` runs the same inputs 10,000 at a time, each in its own process,
with time limits and memory measured."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.fuzz.inputs import Generator
from tests.fuzz.targets import Harness

#: Inputs per run (two seeds): a few seconds.
INPUTS = 120
#: Longest an input may take here (the bench's hang limit is 5 s; this run shares the machine).
MAX_SECONDS = 5.0


@pytest.fixture(scope="module")
def harness(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Harness:
    return Harness(repo, tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("seed", [12, 2026])
def test_fuzzed_inputs_never_crash_and_every_error_is_located(harness: Harness, repo: Path, seed: int) -> None:
    generator = Generator(seed, repo)
    crashes, unlocated, slow, errors = [], [], [], 0
    for index in range(INPUTS // 2):
        item = generator.next()
        start = time.perf_counter()
        outcome = harness.run(item)
        seconds = time.perf_counter() - start
        label = f"#{index} {item.kind} {item.name} ({item.how})"
        crashes += [f"{label}: {crash}" for crash in outcome.crashes]
        unlocated += [f"{label}: {m}" for m in outcome.unlocated]
        slow += [f"{label}: {seconds:.1f} s"] if seconds > MAX_SECONDS else []
        errors += outcome.errors
    assert (crashes, unlocated, slow) == ([], [], [])
    assert errors > INPUTS // 4  # the inputs are hostile: most are refused, each with a located line
