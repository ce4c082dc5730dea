"""The policy library compiled ahead of time, shipped in the package as ``policies/compiled.bin``: a fresh
machine (every CI run, ``--no-cache``) then neither parses the library's YAML (policies, params, waivers)
nor compiles its CEL; it reads
one file and deserializes only the programs that run (deserializing is ~5x faster than compiling, and most
programs, message expressions of objects that pass, never run).

Entries are keyed by the SHA-256 of what they were made from (a policy file's bytes, a CEL expression's
text), so a policy edited since the file was written simply misses and is parsed and compiled as before;
the file as a whole is used only by the runtime that wrote it (:func:`fleetform.cel.cache.runtime_id`).
``fleetform policy --compile`` rewrites it; the bytes depend only on the library (programs in canonical
form, entries sorted), and ``tests/policy/test_compiled.py`` fails when it is stale.

Format: the line ``fleetform-compiled-policies 1``, the runtime id line, then entries of one kind byte
(``D`` what was read from a policy or waivers file, pickled; ``P`` a serialized program), the 32-byte
key, a 4-byte big-endian size and that many bytes (the entry, zlib-compressed: a third of the size).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.cel.cache import runtime_id

FILE_NAME = "compiled.bin"
MAGIC = b"fleetform-compiled-policies 1\n"
_HEADER = struct.Struct(">c32sI")


def key(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


@dataclass(frozen=True)
class Compiled:
    """The entries of one compiled file: parsed policy files and serialized programs, by key."""

    documents: dict[bytes, bytes]
    programs: dict[bytes, bytes]

    def document(self, raw: bytes) -> Any:
        """What was read from a file with these bytes (a policy file's YAML; for the waivers file, its data
        and the line of each waiver), or None."""
        found = self.documents.get(key(raw))
        return None if found is None else pickle.loads(zlib.decompress(found))

    def program(self, source: str) -> Callable[[], bytes] | None:
        """For :class:`fleetform.cel.env.CelEngine`: a function returning the program's serialized bytes
        (decompressed when called: most programs never run), or None."""
        found = self.programs.get(key(source.encode()))
        return None if found is None else functools.partial(zlib.decompress, found)


def read_compiled(folder: Path) -> Compiled | None:
    """``folder``'s compiled file; None when there is none, it is unreadable or another runtime wrote it."""
    try:
        data = (folder / FILE_NAME).read_bytes()
    except OSError:
        return None
    head = MAGIC + runtime_id().encode() + b"\n"
    if not data.startswith(head):
        return None
    entries: dict[bytes, dict[bytes, bytes]] = {b"D": {}, b"P": {}}
    at = len(head)
    while at + _HEADER.size <= len(data):
        kind, digest, size = _HEADER.unpack_from(data, at)
        at += _HEADER.size
        if kind not in entries or at + size > len(data):
            return None
        entries[kind][digest] = data[at : at + size]
        at += size
    return Compiled(entries[b"D"], entries[b"P"]) if at == len(data) else None


def encode(documents: dict[bytes, Any], programs: dict[str, bytes]) -> bytes:
    """The file's bytes for parsed documents (by the bytes they were parsed from) and programs (by source).
    Documents are pickled (plain data: dicts keep their key order, which synth writes out, dates stay dates;
    the same data gives the same bytes); this file is the package's own, as trusted as its code."""
    entries = [(b"D", key(raw), pickle.dumps(doc, protocol=5)) for raw, doc in documents.items()]
    entries += [(b"P", key(source.encode()), blob) for source, blob in programs.items()]
    entries = [(kind, digest, zlib.compress(payload, 9)) for kind, digest, payload in entries]
    out = [MAGIC, runtime_id().encode(), b"\n"]
    for kind, digest, payload in sorted(entries):
        out += [_HEADER.pack(kind, digest, len(payload)), payload]
    return b"".join(out)


def build(folder: Path) -> bytes:
    """The compiled file of the policies under ``folder``: every policy file parsed, every program compiled."""
    from fleetform.cel.env import CelEngine
    from fleetform.policy.loader import load_policies, read_yaml
    from fleetform.policy.waivers import read_waivers

    engine = CelEngine()
    documents: dict[bytes, Any] = {}
    for policy in load_policies(folder, engine):
        for file in (Path(policy.file), Path(policy.file).with_name("params.yaml")):
            if file.is_file():
                documents[file.read_bytes()] = read_yaml(file)
    waivers = folder / "waivers.yaml"
    if waivers.is_file():
        documents[waivers.read_bytes()] = read_waivers(waivers.read_bytes(), waivers.as_posix())
    return encode(documents, engine.serialized())


def write_compiled(folder: Path) -> Path:
    """(Re)write ``folder``'s compiled file; returns its path."""
    path = folder / FILE_NAME
    path.write_bytes(build(folder))
    return path
