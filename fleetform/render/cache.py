"""The synth cache: for each unit of output, the hash of its inputs and of the output it produced.

Stored beside the output folder, in ``<out>/../.fleetform-cache/synth.json`` (``.fleetform-cache/`` of the
project for ``dist/``; not committed), so it describes that output folder whatever the working directory.
A unit is reused only when its inputs hash is unchanged *and* its files in the output folder still hash to
what was recorded, so a hand-edited or missing file is always regenerated. ``synth --check`` and
``--exact`` never read it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fleetform.render.tree import Tree

#: unit -> its record: ``inputs`` and ``output`` hashes, and what else the unit keeps (a stack's ``reads``).
Entries = dict[str, dict[str, Any]]

PACKAGE = Path(__file__).resolve().parent.parent
#: The pinned dependencies of the checkout the package runs from (absent from an installed package: then
#: it counts as empty, and the installed versions are what they are).
LOCK_FILE = PACKAGE.parent / "requirements.lock"


def cache_file(out: Path) -> Path:
    """Where the cache of the output folder ``out`` is kept."""
    return out.absolute().parent / ".fleetform-cache" / "synth.json"


def digest_files(paths: Iterable[Path], *, extra: str = "") -> str:
    """sha256 over the names and contents of ``paths`` (missing files count as empty)."""
    digest = hashlib.sha256(extra.encode() + b"\0")
    for path in sorted(set(paths)):
        digest.update(path.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


def package_files(*parts: str) -> list[Path]:
    """The package's source and data files: the folders or files ``parts`` (all of it when none are given)."""
    roots = [PACKAGE / part for part in parts] or [PACKAGE]
    files: list[Path] = []
    for root in roots:
        found = [root] if root.is_file() else root.rglob("*")
        files.extend(p for p in found if p.is_file() and "__pycache__" not in p.parts)
    return files


def tree_digest(tree: Tree) -> str:
    digest = hashlib.sha256()
    for path, data in sorted(tree.items()):
        digest.update(path.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def read(out: Path) -> Entries:
    """The cache of the output folder ``out`` (empty when there is none or it is unreadable)."""
    try:
        data = json.loads(cache_file(out).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write(out: Path, entries: Entries) -> None:
    """Merge ``entries`` into the cache of the output folder ``out``: written aside and renamed, so a kill
    never leaves half a file; a cache that cannot be written (full disk) only makes the next synth slower."""
    path = cache_file(out)
    merged = {**read(out), **entries}
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
