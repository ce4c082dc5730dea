"""Run ``fleetform validate`` from the fixtures folder so outputs hold short, exact relative paths.

The ``validate`` fixture runs ``fleetform validate -output located -kubernetes-version 1.32.0 ARGV``: these
tests check fleetform's located lines against the platform's version (a later ``-output`` or
``-kubernetes-version`` in ARGV wins, as Go's flags do); test_kubeconform.py checks kubeconform's outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fleetform.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
Validate = Callable[..., tuple[int, str, str]]


@pytest.fixture
def validate(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Validate:
    """``validate(*argv, cwd=FIXTURES)`` -> (exit code, stdout, stderr) of ``fleetform validate ARGV``."""

    def call(*argv: str, cwd: Path = FIXTURES) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        code = main(["validate", "-output", "located", "-kubernetes-version", "1.32.0", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call
