"""Shared fixtures: the repository's settings, copies of them to break, one synthesized platform."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture()
def settings_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of settings/ as ``<tmp>/settings``, with the working directory at ``<tmp>``
    so messages show the same relative paths users see."""
    shutil.copytree(REPO / "settings", tmp_path / "settings")
    monkeypatch.chdir(tmp_path)
    return Path("settings")
