"""Shared fixtures: the repository's settings, copies of them to break, one synthesized platform."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def synthesized_once(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project (settings, dist/, the synth cache) synthesized once per session: slow (every stack)."""
    from fleetform.cli import main

    base = tmp_path_factory.mktemp("synthesized")
    shutil.copytree(repo / "settings", base / "settings")
    shutil.copy(repo / "requirements.lock", base / "requirements.lock")
    cwd = Path.cwd()
    os.chdir(base)
    try:
        assert main(["synth"]) == 0
    finally:
        os.chdir(cwd)
    return base


@pytest.fixture()
def project(
    synthesized_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Path]:
    """A copy of a synthesized project (settings, dist/, synth cache) as the working directory."""

    def scratch(folder: str, names: list[str]) -> list[str]:  # the synth's temporary files: no part of it
        return ["tmp"] if Path(folder).name == ".fleetform-cache" else []

    shutil.copytree(synthesized_once, tmp_path / "p", ignore=scratch)
    monkeypatch.chdir(tmp_path / "p")
    capsys.readouterr()
    yield Path("dist")
