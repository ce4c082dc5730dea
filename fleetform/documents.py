"""Read Kubernetes manifests from files: every YAML document with its file and line.

Shared by ``fleetform validate`` and ``fleetform policy``.

Two parsers, one result. The fast path splits a file on its ``---`` lines and parses each document with
``yaml_rs`` (Rust, ~15x PyYAML's C loader). ``yaml_rs`` speaks YAML 1.2 while Kubernetes tooling (and
PyYAML) resolve plain scalars the YAML 1.1 way (``on`` is a bool, ``017`` is octal, ``1:20`` is 80), so a
file whose text holds anything the two could read differently (such scalars, tags, anchors, aliases, merge
keys, complex keys, directives) is read by PyYAML's C loader instead; so is any file the fast path rejects,
which gives every error one wording. Timestamps stay strings on both paths (as in JSON).

Hardening: files over :data:`MAX_FILE_BYTES`, binary (NUL bytes) and non-UTF-8 input, alias expansion over
:data:`MAX_ALIAS_NODES` nodes (billion laughs) and, with ``strict=True``, duplicate mapping keys raise
:class:`DocumentError` (a ``yaml.YAMLError``) with a line, after the documents read before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
import yaml_rs

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_ALIAS_NODES = 100_000

_MiB = 1024 * 1024
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestLoader(_Base):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, with timestamps left as strings (JSON has no date type)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


class DocumentError(yaml.YAMLError):
    """A file that cannot be read as manifests; ``line`` is 1-based where known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


@dataclass(frozen=True)
class Document:
    """One YAML document: where it is (file, 1-based line of its first node) and its data."""

    file: str
    index: int
    line: int
    data: Any


def manifest_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml``/``*.json`` files, sorted; files are kept as given."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
            out.extend(sorted(found))
        else:
            out.append(path)
    return out


def read_text(file: Path) -> str:
    """Read a manifest file as text, refusing oversized, binary and non-UTF-8 files before parsing."""
    try:
        size = file.stat().st_size
    except OSError as err:
        raise DocumentError(f"cannot read file: {err.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"file is {size / _MiB:.1f} MiB, over the {MAX_FILE_BYTES // _MiB} MiB limit")
    try:
        raw = file.read_bytes()[: MAX_FILE_BYTES + 1]
    except OSError as err:
        raise DocumentError(f"cannot read file: {err.strerror}") from None
    return decode(raw)


def decode(raw: bytes) -> str:
    """Decode manifest bytes (UTF-8, optional BOM) with the same checks as :func:`read_text`."""
    if len(raw) > MAX_FILE_BYTES:
        raise DocumentError(f"input is over the {MAX_FILE_BYTES // _MiB} MiB limit")
    nul = raw.find(b"\0")
    if nul >= 0:
        raise DocumentError(f"binary data (NUL byte at offset {nul})", raw.count(b"\n", 0, nul) + 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DocumentError(f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})", line) from None
    return text.removeprefix("\ufeff")


def iter_documents(file: Path, text: str | None = None, *, strict: bool = False) -> Iterator[Document]:
    """Yield the documents of one file; raises ``yaml.YAMLError`` (a :class:`DocumentError`) on bad input.

    ``strict`` rejects duplicate mapping keys (otherwise the last one wins, as in PyYAML).
    """
    content = read_text(file) if text is None else text
    name = file.as_posix()
    fast = _fast_documents(content, strict)
    if fast is not None:
        for index, (line, data) in enumerate(fast):
            yield Document(name, index, line, data)
        return
    yield from _slow_documents(name, content, strict)


# Plain scalars that YAML 1.1 (PyYAML, Kubernetes) and YAML 1.2 (yaml_rs) may resolve differently, and
# syntax the fast path leaves to PyYAML (and deep nesting). A match only sends the file to the slow path:
# false hits are cheap.
_TOKEN = (
    r"[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|="
    r"|[-+]?0[0-9o_][0-9a-fA-F_.]*"
    r"|[-+]?[0-9][0-9_]*(?::[0-9_]+)+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9.][0-9_.]*[eE][-+]?[0-9]+"
    r"|[-+]\.[0-9][0-9_]*"
)
_RISKY = re.compile(
    rf"(?:^|[\s\[{{,:])(?:{_TOKEN})(?=[ \t]*(?:$|[#,\]}}]|:(?:\s|$)))"
    r"|(?:^|[\s\[{,:-])[!&*]\S"
    r"|<<[ \t]*:"
    r"|^[ \t]*\?(?:\s|$)"
    r"|^(?:%|\.\.\.|---[ \t]*[^\s#])"
    r"|^[ \t]{200}|(?:[\[{][ \t]*){32}",  # deep nesting: yaml_rs slows down, PyYAML has a depth limit
    re.MULTILINE,
)
_SEPARATOR = re.compile(r"^---[ \t]*(?:#.*)?$", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)


def _fast_documents(text: str, strict: bool) -> list[tuple[int, Any]] | None:
    """Parse with yaml_rs, or ``None`` when the text needs PyYAML (see ``_RISKY``) or yaml_rs refuses it."""
    if _RISKY.search(text):
        return None
    policy = yaml_rs.DuplicateKeyPolicy.Error if strict else yaml_rs.DuplicateKeyPolicy.LastWins
    docs: list[tuple[int, Any]] = []
    start, line, explicit = 0, 1, False
    for sep in [*_SEPARATOR.finditer(text), None]:
        end = sep.start() if sep is not None else len(text)
        chunk = text[start:end]
        first = _CONTENT_LINE.search(chunk)
        if first is not None:
            try:
                data = yaml_rs.loads(chunk, parse_datetime=False, duplicate_key_policy=policy)
            except (yaml_rs.YAMLDecodeError, ValueError, RecursionError):
                return None
            docs.append((line + chunk.count("\n", 0, first.start()), data))
        elif explicit:
            docs.append((line + chunk.count("\n"), None))
        if sep is None:
            break
        line += text.count("\n", start, sep.end()) + 1
        start, explicit = sep.end() + 1, True
    return docs


def _slow_documents(name: str, text: str, strict: bool) -> Iterator[Document]:
    loader = ManifestLoader(text)
    try:
        index = 0
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.MarkedYAMLError as err:
                raise _marked(err) from None
            if node is None:  # pragma: no cover - check_node() guarantees a node
                break
            line = node.start_mark.line + 1
            _check_node(node, strict, line)
            try:
                data = loader.construct_document(node)
            except yaml.MarkedYAMLError as err:
                raise _marked(err) from None
            yield Document(name, index, line, data)
            index += 1
    finally:
        loader.dispose()


def _marked(err: yaml.MarkedYAMLError) -> DocumentError:
    mark = err.problem_mark or err.context_mark
    problem = err.problem or err.context or "malformed YAML"
    if err.context and err.problem:
        problem = f"{err.context}: {problem}"
    return DocumentError(f"malformed YAML: {problem}", mark.line + 1 if mark is not None else None)


def _check_node(root: yaml.Node, strict: bool, line: int) -> None:
    """Bound alias expansion (billion laughs) and, when strict, reject duplicate keys."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            if strict and isinstance(node, yaml.MappingNode):
                _check_duplicates(node)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for child in children)
        if sizes[id(node)] > MAX_ALIAS_NODES:
            raise DocumentError(
                f"YAML aliases expand to over {MAX_ALIAS_NODES} nodes (a YAML bomb?); write the values out",
                line,
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _check_duplicates(node: yaml.MappingNode) -> None:
    seen: dict[object, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            raise DocumentError(
                f"duplicate key {key.value!r} (first at line {seen[ident]})", key.start_mark.line + 1
            )
        seen[ident] = key.start_mark.line + 1
