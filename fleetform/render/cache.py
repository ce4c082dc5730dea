"""The synth cache: for each unit of output, the hash of its inputs and of the output it produced.

Stored in ``.fleetform-cache/synth.json`` (not committed). A unit is reused only when its inputs hash is
unchanged *and* its files in ``dist/`` still hash to what was recorded, so a hand-edited or missing file
is always regenerated. ``synth --check`` and ``--exact`` never read it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from fleetform.render.tree import Tree

CACHE_FILE = Path(".fleetform-cache") / "synth.json"
PACKAGE = Path(__file__).resolve().parent.parent


def digest_files(paths: Iterable[Path], *, extra: str = "") -> str:
    """sha256 over the names and contents of ``paths`` (missing files count as empty)."""
    digest = hashlib.sha256(extra.encode() + b"\0")
    for path in sorted(set(paths)):
        digest.update(path.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def package_files(*subdirs: str) -> list[Path]:
    """The package's source and data files below ``subdirs`` (all of it when none are given)."""
    roots = [PACKAGE / d for d in subdirs] or [PACKAGE]
    return [p for root in roots for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def tree_digest(tree: Tree) -> str:
    digest = hashlib.sha256()
    for path, data in sorted(tree.items()):
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(CACHE_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(entries: dict[str, dict[str, str]]) -> None:
    """Merge ``entries`` into the cache file."""
    merged = {**read(), **entries}
    CACHE_FILE.parent.mkdir(exist_ok=True)
    CACHE_FILE.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
