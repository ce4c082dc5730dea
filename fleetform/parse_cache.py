"""Parsed files kept between runs, keyed by their bytes: reading a pickled parse is ~4x faster than parsing
YAML again, which matters for ``fleetform policy`` in a pre-commit hook (a fresh process each time, over a
``dist/`` that mostly did not change).

The key hashes the file's bytes with what decides the parse: the parser's name (``kind``), this format's
version, the Python version, the source of the modules that read and parse (:data:`PARSING_MODULES`) and
the installed builds of PyYAML and yaml_rs. So an edited file, parser or fleetform never reuses an old
parse. Values are plain data (dicts, lists, scalars), never fleetform classes. Only successful parses are
stored: a bad file is parsed (and reported) every time. Entries are written atomically; an unreadable entry
counts as a miss; a read-only or full disk only costs speed.

The folder is pruned when it holds more than :data:`MAX_ENTRIES` entries (oldest written first), so a long
series of commits does not grow it without bound. Entries are pickles: the folder is trusted as the user's
own files are (like ``__pycache__``); it is created user-only (0700) and entries are written 0600.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from fleetform.files import user_cache_dir

#: Bump when the shape of a stored value changes.
FORMAT = "fleetform-parse-1"
#: More entries than this and the older half (by write time) is removed on the next write: room for a few
#: dozen versions of a dist/ of ~1,500 files.
MAX_ENTRIES = 50_000
#: fleetform's modules whose code decides what a cached value holds (relative to the package).
PARSING_MODULES = (
    "files.py",
    "documents.py",
    "yaml_fastpath.py",
    "yaml_vouch.py",
    "textscan.py",  # the byte-level scans of documents.py and yaml_fastpath.py
    "parse_cache.py",
    "policy/targets.py",
    "policy/loader.py",
    "policy/waivers.py",
    "integrity/lines.py",  # the lines of findings' paths, found in a file's YAML
    "validate/lines.py",
    "secrets/scan.py",  # the secret scan keeps each file's findings (kind "secret-scan")
    "secrets/rules.py",
)

T = TypeVar("T")


def default_parse_cache_dir() -> Path:
    return user_cache_dir("parse")


class ParseCache:
    """``cached(kind, raw, parse)`` returns ``parse()``'s value, read from the folder when seen before."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._salt = _salt()
        self._written = False
        self._trusted = _trusted(folder)

    def cached(self, kind: str, raw: bytes, parse: Callable[[], T]) -> T:
        if not self._trusted:
            return parse()
        path = self._path(kind, raw)
        try:
            with open(path, "rb") as handle:
                value: T = pickle.loads(handle.read())
            return value
        except Exception:  # a miss, or an entry that cannot be read (truncated, from another version): parse
            pass
        value = parse()  # raises on bad input: nothing is stored
        self._put(path, value)
        return value

    def _path(self, kind: str, raw: bytes) -> Path:
        digest = hashlib.sha256(self._salt + kind.encode() + b"\0" + raw).hexdigest()
        return self._folder / f"{digest}.pickle"

    def _put(self, path: Path, value: Any) -> None:
        import tempfile  # only a miss writes: runs that hit the cache skip this import

        try:
            if not self._written:
                self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                prune(self._folder)
                self._written = True
            fd, tmp = tempfile.mkstemp(dir=self._folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError, RecursionError):
            return


def prune(folder: Path, limit: int = MAX_ENTRIES) -> int:
    """Remove the older half of ``folder``'s entries when it holds more than ``limit``; returns how many."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith((".pickle", ".tmp"))]
    except OSError:
        return 0
    if len(entries) <= limit:
        return 0
    entries.sort(key=lambda e: (_mtime(e), e.name))
    removed = 0
    for entry in entries[: len(entries) - limit // 2]:
        try:
            os.unlink(entry.path)
            removed += 1
        except OSError:
            pass
    return removed


def _mtime(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat().st_mtime_ns
    except OSError:
        return 0


def _salt() -> bytes:
    """What decides a parse besides the bytes: see the module docstring. The parsers' packages are found,
    not imported: a run whose files are all cached never loads them."""
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    parts = [FORMAT.encode(), sys.version.encode()]
    for module in PARSING_MODULES:
        parts.append(_read(here / module))
    for package in ("yaml", "yaml_rs"):
        spec = find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file() and entry.name.endswith((".py", ".so", ".pyd")):
                    stat = entry.stat()  # size and time say which build is installed
                    parts.append(f"{package}/{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


def _trusted(folder: Path) -> bool:
    """Whether entries may be unpickled: a folder that exists must be this user's and writable by no one
    else (``XDG_CACHE_HOME`` could point at a shared place). A missing folder is created user-only."""
    try:
        stat = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or stat.st_uid == getuid()
    return owned and not stat.st_mode & 0o022


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError:
        return str(source).encode()
