"""Read Kubernetes manifests from files: every YAML document with its file and line.

Shared by ``fleetform validate`` and ``fleetform policy``.

Two parsers, one result. The fast path splits a file on its ``---`` lines and parses each document with
``yaml_rs`` (Rust, ~15x PyYAML's C loader). ``yaml_rs`` speaks YAML 1.2 while Kubernetes tooling (and
PyYAML) resolve plain scalars the YAML 1.1 way (``on`` is a bool, ``017`` is octal, ``1:20`` is 80), so a
file whose text holds anything the two could read differently (such scalars, tags, anchors, aliases, merge
keys, complex keys, directives) is read by PyYAML's C loader instead; so is any file the fast path rejects,
which gives every error one wording. Timestamps stay strings on both paths (as in JSON). A JSON text
(``{`` or ``[`` first) is read by ``json`` when nothing in it reads differently in PyYAML (see
``_json_documents``).

One document at a time. Line breaks are normalized first (CRLF and CR become LF, as YAML reads them), then
the text is split on its ``---`` lines (a YAML document marker cannot occur inside a scalar) and each part
is parsed alone: a malformed document is one :class:`DocumentError` and the documents after it are still
read (:func:`read_each`). Map keys that are not strings (``8080:``, ``on:``, ``true:``) become strings as
sigs.k8s.io/yaml makes them (``"8080"``, ``"true"``); explicit tags (``!!int``, ``!!timestamp``) that do not
fit their value are errors, never crashes; characters YAML forbids (C0/C1 controls but tab and line breaks,
DEL) are an error wherever they are.

Hardening: files over :data:`MAX_FILE_BYTES`, binary (NUL bytes) and non-UTF-8 input, alias expansion over
:data:`MAX_ALIAS_NODES` nodes (billion laughs) and, with ``strict=True``, duplicate mapping keys raise
:class:`DocumentError` (a ``yaml.YAMLError``) with a line, after the documents read before it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
import yaml_rs

from fleetform import files
from fleetform.files import MAX_FILE_BYTES, manifest_files, manifest_paths
from fleetform.textscan import digit_run, forbidden
from fleetform.yaml_fastpath import prescreen, risky
from fleetform.yaml_vouch import NO_ALIASES, risky_parsed

MAX_ALIAS_NODES = 100_000
#: Collections nested deeper than this are refused (Kubernetes objects nest about 20 deep; a CRD schema 60).
MAX_NESTING = 500
#: ``manifest_files``, ``manifest_paths`` and ``MAX_FILE_BYTES`` live in :mod:`fleetform.files`; kept here too.
__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "Document",
    "DocumentError",
    "ManifestLoader",
    "decode",
    "iter_documents",
    "manifest_files",
    "manifest_paths",
    "read_documents",
    "read_each",
    "read_text",
]
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestLoader(_Base):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader as Kubernetes reads YAML into JSON: timestamps stay strings (JSON has no date
    type), ``!!binary`` stays its base64 text, and map keys become strings (:func:`key_text`)."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:
        if yaml.constructor.SafeConstructor.timestamp_regexp.match(node.value) is None:
            raise _BadTag(node, "a timestamp")
        return str(node.value)

    def construct_yaml_binary(self, node: yaml.ScalarNode) -> str:
        return "".join(str(node.value).split())

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        if all(type(key) is str for key in mapping):
            return mapping  # type: ignore[no-any-return]
        return {key_text(key): value for key, value in mapping.items()}


for _tag, _rule in (("int", int), ("float", float), ("bool", bool)):

    def _strict(loader: ManifestLoader, node: yaml.Node, tag: str = _tag) -> Any:
        try:
            return getattr(yaml.constructor.SafeConstructor, f"construct_yaml_{tag}")(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError):
            raise _BadTag(node, f"{'an' if tag == 'int' else 'a'} {tag}") from None

    ManifestLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _strict)
ManifestLoader.add_constructor("tag:yaml.org,2002:timestamp", ManifestLoader.construct_yaml_timestamp)
ManifestLoader.add_constructor("tag:yaml.org,2002:binary", ManifestLoader.construct_yaml_binary)


class _BadTag(yaml.MarkedYAMLError):
    """An explicitly tagged scalar whose text is not of the tag's type (``!!int abc``)."""

    def __init__(self, node: yaml.Node, what: str) -> None:
        shown = str(node.value)
        shown = shown if len(shown) <= 40 else shown[:40] + "..."
        super().__init__(
            problem=f"{node.tag.rpartition(':')[2]} {shown!r} is not {what}; expected a value of its tag's type, "
            "or no tag",
            problem_mark=node.start_mark,
        )


def key_text(key: Any) -> str:
    """A map key as sigs.k8s.io/yaml writes it in JSON: ``8080`` -> ``"8080"``, ``true``/``on`` ->
    ``"true"``, ``1.5`` -> ``"1.5"``, null -> ``"null"``."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, float):
        return {"inf": ".inf", "-inf": "-.inf", "nan": ".nan"}.get(repr(key), repr(key).removesuffix(".0"))
    return str(key)


@dataclass(frozen=True)
class Mark:
    """PyYAML's mark shape (0-based ``line``), so callers reading ``problem_mark`` keep working."""

    line: int
    column: int = 0


class DocumentError(yaml.YAMLError):
    """A file that cannot be read as manifests; ``line`` is 1-based where known."""

    def __init__(self, problem: str, line: int | None = None, upstream: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.problem_mark = Mark(line - 1) if line is not None else None
        #: kubeconform's wording (``error unmarshalling resource: ...``).
        self.upstream = upstream or f"error unmarshalling resource: yaml: {f'line {line}: ' if line else ''}{problem}"


@dataclass(frozen=True)
class Document:
    """One YAML document: where it is (file, 1-based line of its first node) and its data.

    ``source`` is the part of the file it was parsed from, ``offset`` the number of lines before that part
    and ``position`` the document's place in it (for :class:`fleetform.validate.lines.Locator`)."""

    file: str
    index: int
    line: int
    data: Any
    source: str = field(default="", repr=False, compare=False)
    offset: int = 0
    position: int = 0

    @property
    def wide(self) -> bool:
        """Whether its part of the file may hold an integer that does not fit 32 bits: a run of 10 or more
        digits (underscores may group them) or a hexadecimal one. Asked only by the range check of
        ``fleetform validate``, so not worked out for every read."""
        return digit_run(self.source, _WIDE, underscores=True) or "0x" in self.source


def read_text(file: Path | str) -> str:
    """Read a manifest file as text, refusing oversized, binary and non-UTF-8 files before parsing."""
    try:
        return files.decode(files.read_raw(file))
    except files.FileProblem as err:
        raise DocumentError(err.problem, err.line) from None


def decode(raw: bytes) -> str:
    """:func:`fleetform.files.decode`, raising :class:`DocumentError`."""
    try:
        return files.decode(raw)
    except files.FileProblem as err:
        raise DocumentError(err.problem, err.line) from None


def iter_documents(file: Path, text: str | None = None, *, strict: bool = False) -> Iterator[Document]:
    """Yield the documents of one file; raises ``yaml.YAMLError`` (a :class:`DocumentError`) on bad input.

    ``strict`` rejects duplicate mapping keys (otherwise the last one wins, as in PyYAML).
    """
    content = read_text(file) if text is None else text
    yield from read_documents(file.as_posix(), content, strict=strict)


def read_documents(name: str, content: str, *, strict: bool = False) -> Iterator[Document]:
    """:func:`iter_documents` for text already read, named ``name``: raises the first error, after the
    documents before it."""
    for doc in read_each(name, content, strict=strict):
        if isinstance(doc, DocumentError):
            raise doc
        yield doc


# A ``---`` line after the first (found from its line break: a literal first character lets the engine skip
# to candidates, where ``^`` with MULTILINE tries every position).
_MARKER = re.compile(r"\n---(?=[ \t\n]|\Z)")
#: The fewest digits of an integer that may not fit 32 bits (2**31 has 10).
_WIDE = 10


def read_each(name: str, content: str, *, strict: bool = False) -> Iterator[Document | DocumentError]:
    """Every document of a file, or a :class:`DocumentError` in place of each one that cannot be read."""
    text = content.replace("\r\n", "\n").replace("\r", "\n") if "\r" in content else content
    bad = forbidden(text)  # PyYAML refuses them; the fast parser would not: both refuse them, first
    if bad is not None:
        char = ord(bad[0])
        yield DocumentError(
            f"control character U+{char:04X} at column {bad.start() - text.rfind(chr(10), 0, bad.start())}; "
            "expected printable text (write it as an escape, e.g. \\u0001, in a double-quoted string)",
            text.count("\n", 0, bad.start()) + 1,
            f"error converting YAML to JSON: yaml: control characters are not allowed (U+{char:04X})",
        )
        return
    fast = _json_documents(text, strict) if text.lstrip(" \n")[:1] in ("{", "[") else None
    if fast is not None:
        for index, (line, data) in enumerate(fast):
            yield Document(name, index, line, data, text, 0, index)
        return
    index = 0
    for offset, part in _parts(text):
        try:
            found = _fast_documents(part, strict)
            if found is None:
                found = [(doc.line, doc.data) for doc in _slow_documents(name, part, strict)]
        except DocumentError as err:
            yield DocumentError(err.problem, (err.line or 1) + offset)
            continue
        for position, (line, data) in enumerate(found):
            yield Document(name, index, line + offset, data, part, offset, position)
            index += 1


def _parts(text: str) -> Iterator[tuple[int, str]]:
    """``(lines before it, text)`` of each part of ``text`` that starts at a ``---`` line (the first part
    starts at the top). A text with directives (``%YAML``) is one part: a directive belongs to the
    document after it."""
    if text.startswith("%") or "\n%" in text:
        yield 0, text
        return
    starts = [m.start() + 1 for m in _MARKER.finditer(text)] if "\n---" in text else []
    offset, previous = 0, 0
    for start, end in zip([0, *starts], [*starts, len(text)], strict=True):
        offset += text.count("\n", previous, start)
        previous = start
        yield offset, text[start:end]


# JSON is YAML, and PyYAML reads it as ``json`` does but for: floats with an exponent (strings in YAML 1.1
# unless written like ``1.5e+3``; NaN/Infinity too), surrogate escapes and characters YAML forbids (errors),
# line breaks YAML 1.1 folds (U+0085, U+2028, U+2029), CR and tabs (marks, indentation), keys over
# 1024 characters or split from their ':' by a line break, and duplicate keys when strict (errors).
_JSON_UNSAFE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]"  # tabs, CR, breaks, non-printable
    r"|\\u[dD][89a-fA-F]"  # a surrogate escape
    r"|\"\s*\n\s*:"  # a key on another line than its ':'
)
_JSON_MAX_LINE = 1000


class _NotPlainJson(Exception):
    """Raised by the ``json`` hooks when PyYAML may read the text differently."""


def _json_documents(text: str, strict: bool) -> list[tuple[int, Any]] | None:
    """Parse a JSON text with ``json`` (~20x PyYAML's C loader), or ``None`` when it is not plain JSON
    that PyYAML reads the same way (the caller then goes on as for any YAML)."""
    if _JSON_UNSAFE.search(text) or (len(text) > _JSON_MAX_LINE and max(map(len, text.split("\n"))) > _JSON_MAX_LINE):
        return None
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_pairs if strict else dict,
            parse_float=_plain_float,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError, _NotPlainJson):
        return None
    return [(text.count("\n", 0, len(text) - len(text.lstrip(" \n"))) + 1, data)]


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _NotPlainJson("duplicate key")
    return out


def _plain_float(literal: str) -> float:
    if "e" in literal or "E" in literal:
        raise _NotPlainJson(literal)
    return float(literal)


def _refuse_constant(literal: str) -> Any:
    raise _NotPlainJson(literal)


_NO_ALIASES = yaml_rs.AliasLimits(**NO_ALIASES)
# A ``---`` line with nothing but a comment after it, found from the line break before it (a literal first
# character lets the engine skip to candidates) or at the start.
_SEPARATOR = re.compile(r"\n---(?:[ \t]+(?:#.*)?)?$", re.MULTILINE)
_FIRST_SEPARATOR = re.compile(r"---(?:[ \t]+(?:#.*)?)?$", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.MULTILINE)


def _separators(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each document separator line of ``text``, in order."""
    if "---" not in text:
        return []
    first = _FIRST_SEPARATOR.match(text)
    found = [(first.start(), first.end())] if first is not None else []
    found.extend((match.start() + 1, match.end()) for match in _SEPARATOR.finditer(text))
    return found


def _fast_documents(text: str, strict: bool) -> list[tuple[int, Any]] | None:
    """Parse with yaml_rs, or ``None`` when the text needs PyYAML (see :func:`risky_parsed`, told what yaml_rs
    read) or yaml_rs refuses it."""
    screened = prescreen(text)
    if screened and risky(text):
        return None  # decided before yaml_rs reads it (deep nesting among others)
    policy = yaml_rs.DuplicateKeyPolicy.Error if strict else yaml_rs.DuplicateKeyPolicy.LastWins
    docs: list[tuple[int, Any]] = []
    start, line, explicit = 0, 1, False
    for sep in [*_separators(text), None]:
        end = sep[0] if sep is not None else len(text)
        chunk = text[start:end]
        first = _CONTENT_LINE.search(chunk)
        if first is not None:
            try:
                data = yaml_rs.loads(chunk, parse_datetime=False, alias_limits=_NO_ALIASES, duplicate_key_policy=policy)
            except Exception:  # any refusal by the fast parser: PyYAML decides, with its wording
                return None
            docs.append((line + chunk.count("\n", 0, first.start()), data))
        elif explicit:
            docs.append((line + chunk.count("\n"), None))
        if sep is None:
            break
        line += text.count("\n", start, sep[1]) + 1
        start, explicit = sep[1] + 1, True
    return None if not screened and risky_parsed(text, [data for _, data in docs]) else docs


def _slow_documents(name: str, text: str, strict: bool) -> Iterator[Document]:
    loader = ManifestLoader(text)
    check = strict or ("*" in text and _ANCHOR.search(text) is not None) or _may_nest_deep(text)
    try:
        index = 0
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.MarkedYAMLError as err:
                raise _marked(err, text) from None
            if node is None:  # pragma: no cover - check_node() guarantees a node
                break
            line = node.start_mark.line + 1
            if check:
                _check_node(node, strict, line)
            try:
                data = loader.construct_document(node)
            except _BadTag as err:
                mark = err.problem_mark
                raise DocumentError(str(err.problem), mark.line + 1 if mark is not None else line) from None
            except yaml.MarkedYAMLError as err:
                raise _marked(err, text) from None
            except RecursionError:
                raise DocumentError(
                    f"nesting deeper than {MAX_NESTING} levels; expected a flatter document", line
                ) from None
            yield Document(name, index, line, data)
            index += 1
    finally:
        loader.dispose()


def _marked(err: yaml.MarkedYAMLError, text: str) -> DocumentError:
    mark = err.problem_mark or err.context_mark
    problem = err.problem or err.context or "malformed YAML"
    if err.context and err.problem:
        problem = f"{err.context}: {problem}"
    last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))  # PyYAML may point past the end
    return DocumentError(f"malformed YAML: {problem}", min(mark.line + 1, last_line) if mark is not None else None)


def _may_nest_deep(text: str) -> bool:
    """Whether a document of ``text`` might nest deeper than :data:`MAX_NESTING` (cheap, conservative).

    A block collection nested in another starts further right, or (a sequence as a mapping's value) at the
    same column, so block nesting is at most two levels per column of a line's lead (its spaces, tabs and
    ``-`` indicators) plus one; each flow level needs an opener."""
    lead = (MAX_NESTING - text.count("[") - text.count("{")) // 2 - 1
    if lead <= 0:
        return True
    pattern = _LEADS.get(lead)
    if pattern is None:
        pattern = _LEADS[lead] = re.compile(rf"\n[ \t-]{{{lead}}}")
    return text[:lead].strip(" \t-") == "" or pattern.search(text) is not None


_LEADS: dict[int, re.Pattern[str]] = {}
# What an anchor needs (``&`` and a name character); an alias needs an anchor. ``&&`` and ``& `` are text.
_ANCHOR = re.compile(r"&[^\s&]")


def _check_node(root: yaml.Node, strict: bool, line: int) -> None:
    """Bound alias expansion (billion laughs) and nesting, and, when strict, reject duplicate keys. Without
    an alias (no ``*``, or nothing like an anchor, in the text) nothing expands and, unless
    :func:`_may_nest_deep`, nothing nests too deep: then only a strict read needs this walk."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool, int]] = [(root, False, 1)]
    while stack:
        node, done, depth = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not done:
            if depth > MAX_NESTING:
                raise DocumentError(f"nesting deeper than {MAX_NESTING} levels; expected a flatter document", line)
            if strict and isinstance(node, yaml.MappingNode):
                _check_duplicates(node)
            stack.append((node, True, depth))
            stack.extend((child, False, depth + 1) for child in children if id(child) not in sizes)
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
            raise DocumentError(f"duplicate key {key.value!r} (first at line {seen[ident]})", key.start_mark.line + 1)
        seen[ident] = key.start_mark.line + 1
