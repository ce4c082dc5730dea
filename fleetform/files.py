"""Find and read manifest files: listing folders, reading bytes with size limits, decoding UTF-8.

No YAML here, so commands that reuse parsed files (:mod:`fleetform.parse_cache`) need not import a YAML
parser at all; :mod:`fleetform.documents` parses and turns :class:`FileProblem` into its own error type.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

MAX_FILE_BYTES = 32 * 1024 * 1024

_MiB = 1024 * 1024
#: How much a read asks for after the first one (which asks for the whole file and one byte more).
_READ_STEP = 64 * 1024
_SUFFIXES = (".yaml", ".yml", ".json")


def user_cache_dir(name: str) -> Path:
    """``$XDG_CACHE_HOME/fleetform/<name>`` (default ``~/.cache/fleetform/<name>``): the caches kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fleetform" / name


class FileProblem(Exception):
    """A file that cannot be read as text; ``line`` is 1-based where known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


def manifest_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml``/``*.json`` files, sorted; files are kept as given."""
    return [Path(p) for p in manifest_paths(paths)]


def manifest_paths(paths: Iterable[Path | str]) -> list[str]:
    """:func:`manifest_files` as POSIX path strings (no ``Path`` objects: 35,000 of them cost ~0.3 s)."""
    out: list[str] = []
    for path in paths:
        text = Path(path).as_posix()
        if os.path.isdir(text):
            found: list[str] = []
            for folder, _, names in os.walk(text):  # os.walk lists files apart from folders: no stat per file
                found.extend(f"{folder}/{n}" for n in names if n.endswith(_SUFFIXES))
            if text == ".":
                found = [f[2:] for f in found]
            out.extend(sorted(found, key=lambda f: f.split("/")))
        else:
            out.append(text)
    return out


def read_raw(file: Path | str) -> bytes:
    """Read a manifest file's bytes, refusing files over :data:`MAX_FILE_BYTES` (see :func:`decode`)."""
    try:
        fd = os.open(file, os.O_RDONLY)  # not open(): a buffered read(n) allocates n bytes up front
    except OSError as err:
        raise FileProblem(f"cannot read file: {err.strerror}") from None
    try:
        status = os.fstat(fd)
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(f"file is {size / _MiB:.1f} MiB, over the {MAX_FILE_BYTES // _MiB} MiB limit")
        parts = [os.read(fd, size + 1)]
        if stat.S_ISREG(status.st_mode) and len(parts[0]) <= size:
            return parts[0]  # a regular file read short is at its end: no second read to see that (35,000 files)
        # Short reads, or a file that grew: read on in small steps. One read of the rest of the limit would
        # allocate that much (32 MiB), and glibc, seeing so large a block freed, would stop handing freed
        # memory back to the system for the rest of the run (its trim threshold follows the largest free).
        while parts[-1] and (read := sum(map(len, parts))) <= MAX_FILE_BYTES:
            parts.append(os.read(fd, min(MAX_FILE_BYTES + 1 - read, _READ_STEP)))
    except OSError as err:
        raise FileProblem(f"cannot read file: {err.strerror}") from None
    finally:
        os.close(fd)
    return b"".join(parts)


def decode(raw: bytes) -> str:
    """Decode manifest bytes (UTF-8, optional BOM), refusing oversized, binary (NUL) and non-UTF-8 input."""
    if len(raw) > MAX_FILE_BYTES:
        raise FileProblem(f"input is over the {MAX_FILE_BYTES // _MiB} MiB limit")
    nul = raw.find(b"\0")
    if nul >= 0:
        raise FileProblem(f"binary data (NUL byte at offset {nul})", raw.count(b"\n", 0, nul) + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise FileProblem(f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})", line) from None
    return text.removeprefix("\ufeff")
