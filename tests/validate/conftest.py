"""Run ``fleetform validate`` from the fixtures folder so outputs hold short, exact relative paths."""

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
        code = main(["validate", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call
