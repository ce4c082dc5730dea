"""Scan files for credentials: every string of every manifest, Terraform stack and settings file (values,
keys, env values, annotations, labels, image references, URLs, Terraform arguments), as findings.

A run reads every file's text once and looks for any trace of a credential (:data:`_TRACE`: a token's
prefix, a secret-like word, a URL with a password, an escape that could hide one). Only files with a trace
are parsed, then every string is checked against :data:`~fleetform.secrets.rules.DETECTORS` and the
generic rule, and each credential is reported at its file, line, object and key path. A file that does
not parse is scanned line by line instead (its other problems are validate's to report).
"""

from __future__ import annotations

import bisect
import itertools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.errors import UserError
from fleetform.files import MAX_FILE_BYTES, FileProblem, decode
from fleetform.findings.finding import Finding
from fleetform.parse_cache import ParseCache
from fleetform.secrets.rules import (
    ASSIGNMENT,
    CASED_MARKER_RX,
    DETECTORS,
    KEY_WORDS,
    LOWERED_MARKERS,
    LOWERED_WORDS_RX,
    MARKERS,
    is_secret_key,
    looks_random,
    may_hold_format,
    redacted,
)
from fleetform.settings.yamlfile import MAX_BYTES as SETTINGS_MAX_BYTES

RULE = "secrets"
SEVERITY = "critical"
FIX = "expected no credential in the repository (a Secret made at deploy time, referenced by name)"
#: A file-level trace of a format that :data:`~fleetform.secrets.rules.MARKERS` alone would find in too
#: many files (``://``, ``secret``): a URL with a password, an AWS secret key's name.
_FILE_TRACES = re.compile(r"://[^/\s@]*:[^/\s@]*@|aws.?secret", re.IGNORECASE | re.ASCII)
#: Escapes that could spell a credential that the text does not show as such (YAML and JSON).
_ESCAPES = ("\\x", "\\u", "\\U", "\\N", "\\/")
_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Hit:
    """One credential in one string: the detector that found it, what it is and the credential."""

    detector: str
    what: str
    secret: str


@dataclass(frozen=True)
class ScanReport:
    """The findings of a scan (sorted) and how many files it read."""

    findings: list[Finding]
    files: int

    @property
    def summary(self) -> str:
        return f"{self.files} files scanned: {len(self.findings)} credentials found"


def scan_string(value: str, key: str | None = None) -> list[Hit]:
    """The credentials in ``value``; ``key`` (the key or env variable name it is under) enables the
    generic rule."""
    hits: list[Hit] = []
    for detector in DETECTORS if may_hold_format(value) else ():
        for match in detector.pattern.finditer(value):
            secret = match.group("secret") if "secret" in detector.pattern.groupindex else match.group()
            hits.append(Hit(detector.id, detector.what, secret))
    if not hits and KEY_WORDS.search(value.lower()):
        for match in ASSIGNMENT.finditer(value):
            if looks_random(match.group("secret")):
                hits.append(Hit("secret-assignment", "a secret assigned in a string", match.group("secret")))
    return hits or key_rule(value, key)


def key_rule(value: str, key: str | None) -> list[Hit]:
    """The generic rule: a random-looking ``value`` under a secret-like ``key``."""
    if key is not None and is_secret_key(key) and looks_random(value):
        return [Hit("secret-value", f"a high-entropy value under '{key}'", value)]
    return []


def scan_paths(paths: list[Path], cache: ParseCache | None = None) -> ScanReport:
    """Scan the ``*.yaml``/``*.yml``/``*.json`` files under ``paths`` (files are scanned as given);
    ``cache`` reuses the parses of ``fleetform policy`` (:mod:`fleetform.parse_cache`)."""
    findings: list[Finding] = []
    files = _files(paths)
    for file in files:
        findings.extend(scan_file(file, cache))
    return ScanReport(sorted(findings, key=lambda f: f.sort_key), len(files))


def scan_file(file: str, cache: ParseCache | None = None) -> list[Finding]:
    """The credentials of one file; an unreadable or too large file has none (validate reports it). Files
    under a ``settings`` folder are read as settings files."""
    try:
        with open(file, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return []
    if len(raw) > MAX_FILE_BYTES:  # validate and policy refuse it, with the reason
        return []
    if "/settings/" in f"/{file}":
        text = raw.decode("utf-8", errors="replace")
        if not has_trace(text):
            return []
        return _scan_settings(file, text) if len(raw) <= SETTINGS_MAX_BYTES else _scan_lines(file, text)
    if cache is None:
        return _scan_manifest(file, raw, None)
    # The findings depend on the bytes alone (and the scanner's code, in the cache's key): a warm run reads
    # each unchanged file's findings back, kept as plain data, and names the file they are in now.
    kept = cache.cached("secret-scan", raw, lambda: [_plain(f) for f in _scan_manifest("", raw, None)])
    return [
        Finding(file=file, line=line, object=subject, rule=RULE, path=path, message=message, severity=SEVERITY)
        for line, subject, path, message in kept
    ]


def _plain(finding: Finding) -> tuple[int | None, str, str, str]:
    return (finding.line, finding.object, finding.path, finding.message)


def _scan_manifest(file: str, raw: bytes, cache: ParseCache | None) -> list[Finding]:
    try:  # the text the parser reads (a BOM dropped), also the one scanned: one copy of a large file, not two
        text, readable = decode(raw), True
    except FileProblem:  # binary or not UTF-8: no parse, the text is scanned line by line
        text, readable = raw.decode("utf-8", errors="replace"), False
    if not has_trace(text):
        return []
    if not readable:
        return _scan_lines(file, text)
    try:
        documents = _documents(file, raw, text, cache)
    except Exception:  # any parse failure: the text is still scanned, line by line
        return _scan_lines(file, text)
    lines = _Lines(text)
    ends = [line for line, _ in documents[1:]] + [None]  # each document ends where the next one starts
    return [
        finding
        for (line, data), end in zip(documents, ends, strict=True)
        for finding in _scan_document(file, lines, (line, end), data)
    ]


def has_trace(text: str) -> bool:
    """Whether ``text`` may hold a credential: a format's marker, an escape, or a secret-like key."""
    if any(marker in text for marker in MARKERS if marker != "://") or any(e in text for e in _ESCAPES):
        return True
    lowered = text.lower()
    if ("://" in text or "aws" in lowered) and _FILE_TRACES.search(text):
        return True
    if any(marker in lowered for marker in LOWERED_MARKERS if marker != "secret"):
        return True
    for match in KEY_WORDS.finditer(lowered):
        start, end = match.start(), match.end()
        while start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "_.-"):
            start -= 1
        while end < len(lowered) and (lowered[end].isalnum() or lowered[end] in "_.-"):
            end += 1
        if is_secret_key(text[start:end]):
            return True
    return False


def _files(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(_SUFFIXES))
        elif os.path.isfile(path):
            out.append(str(path))
    return out


def _documents(file: str, raw: bytes, text: str, cache: ParseCache | None) -> list[tuple[int, Any]]:
    """(line, data) of each document of ``raw``, read as ``text`` (:func:`fleetform.files.decode`); JSON is
    read as JSON (a stack has one document)."""
    if file.endswith(".json"):
        return [(1, json.loads(text))]
    from fleetform.documents import read_documents

    def parse() -> list[tuple[int, Any]]:  # what fleetform policy caches as "manifests" (policy/targets.py)
        return [(doc.line, doc.data) for doc in read_documents(file, text)]

    return parse() if cache is None else cache.cached("manifests", raw, parse)


def _scan_settings(file: str, text: str) -> list[Finding]:
    """Settings files are read by the settings reader, which knows the line of every key."""
    from fleetform.settings.yamlfile import parse_settings_text

    try:
        settings = parse_settings_text(text, file)
    except UserError:
        return _scan_lines(file, text)
    out = []
    for path, key, value in _strings(settings.data):
        for hit in scan_string(value, key):
            line = next((n for p in _prefixes(path) if (n := settings.lines.get(p)) is not None), None)
            out.append(_finding(file, line, "", path, hit))
    return out


def _scan_document(file: str, lines: _Lines, span: tuple[int, int | None], data: Any) -> list[Finding]:
    """The credentials of one document, ``data``, written on lines ``span`` (first, next document's first
    or ``None``) of ``lines``."""
    out = []
    secret_data = isinstance(data, dict) and data.get("kind") == "Secret" and data.get("apiVersion") == "v1"
    strings = list(_walk(data))
    marked = _marked([value for _, _, value in strings])
    for index, (chain, key, value) in enumerate(strings):
        in_data = secret_data and key is not None and _in_secret_data(_path(chain))
        named = None if in_data else key
        hits = scan_string(value, named) if index in marked else key_rule(value, named)
        if not hits and in_data and value:  # any value of a committed Secret is a credential
            hits = [Hit("secret-manifest", "a value of a Secret committed in the manifests", value)]
        for hit in hits:
            path = _path(chain)
            subject, inside = _subject(data, path)
            out.append(_finding(file, lines.line_of(span, hit.secret, path), subject, inside, hit))
    return out


#: Strings this long or longer are searched one by one (:func:`_marked`), not copied into the joined text.
_JOINED_MAX = 4096


def _marked(values: list[str]) -> set[int]:
    """The indices of ``values`` where a format's marker or a secret-like word may be: the strings that
    :func:`scan_string` searches with its detectors or its assignment rule (for the others only
    :func:`key_rule` can hit). Short strings are searched together, joined by line breaks (no marker holds
    one and the words' patterns do not match across one), with two searches of the whole
    (:data:`~fleetform.secrets.rules.CASED_MARKER_RX`, and ``LOWERED_WORDS_RX`` in its lowercase) instead of
    two per string; long strings (and texts whose lowercase is not as long) are marked without a search."""
    marked: set[int] = set()
    if values and max(map(len, values)) >= _JOINED_MAX:
        marked = {index for index, value in enumerate(values) if len(value) >= _JOINED_MAX}
        values = ["" if index in marked else value for index, value in enumerate(values)]
    joined = "\n".join(values)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a character whose lowercase is longer: offsets would not line up
        return set(range(len(values)))
    starts = list(itertools.accumulate(map((1).__add__, map(len, values)), initial=0))  # where each one is
    for pattern, searched in ((CASED_MARKER_RX, joined), (LOWERED_WORDS_RX, lowered)):
        for match in pattern.finditer(searched):
            marked.add(bisect.bisect_right(starts, match.start()) - 1)
    return marked


def _in_secret_data(path: tuple[str | int, ...]) -> bool:
    """Whether a string's path is ``data.<key>`` or ``stringData.<key>`` (a Secret's values)."""
    return len(path) == 2 and path[0] in ("data", "stringData")


def _scan_lines(file: str, text: str) -> list[Finding]:
    return [
        _finding(file, number, "", (), hit)
        for number, line in enumerate(text.splitlines(), 1)
        for hit in scan_string(line)
    ]


#: A key path as a chain of links, ``(parent's chain, key or index)``, ``()`` at the top: a child's place is
#: one small tuple, and :func:`_path` writes out only the paths of what is reported.
_Chain = tuple[Any, ...]


def _strings(data: Any) -> Iterator[tuple[tuple[str | int, ...], str | None, str]]:
    """(key path, the key that names it, string) of every string in ``data``: :func:`_walk` with paths."""
    for chain, key, value in _walk(data):
        yield _path(chain), key, value


def _walk(data: Any) -> Iterator[tuple[_Chain, str | None, str]]:
    """(place, the key that names it, string) of every string in ``data``, keys included (named by no
    key); the value of an env entry (``{name: DB_PASSWORD, value: ...}``) is named by its ``name``. No
    recursion: any depth."""
    stack: list[tuple[_Chain, str | None, Any]] = [((), None, data)]
    seen: set[int] = set()  # a value shared by aliases (or containing itself) is read once
    while stack:
        chain, key, value = stack.pop()
        if isinstance(value, str):
            yield chain, key, value
        elif isinstance(value, dict | list) and id(value) in seen:
            continue
        elif isinstance(value, dict):
            seen.add(id(value))
            named = value.get("name") if isinstance(value.get("name"), str) and "value" in value else None
            for child_key, child in value.items():
                text_key = child_key if isinstance(child_key, str) else str(child_key)
                place = (chain, text_key)
                yield place, None, text_key  # a key: its path, no key naming it
                name = named if child_key == "value" and named is not None else text_key
                stack.append((place, name, child))
        elif isinstance(value, list):
            seen.add(id(value))
            stack.extend(((chain, i), key, item) for i, item in enumerate(value))


def _path(chain: _Chain) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    while chain:
        chain, part = chain
        parts.append(part)
    return tuple(reversed(parts))


def _subject(data: Any, path: tuple[str | int, ...]) -> tuple[str, tuple[str | int, ...]]:
    """The object a path is in (a Kubernetes object, a Terraform resource), and the path inside it."""
    if not isinstance(data, dict):
        return "", path
    if data.get("kind") and data.get("apiVersion"):
        meta: dict[str, Any] = data["metadata"] if isinstance(data.get("metadata"), dict) else {}
        name = meta.get("name", "")
        where = f"{meta['namespace']}/{name}" if meta.get("namespace") else name
        return f"{data['apiVersion']} {data['kind']} {where}", path
    if len(path) >= 3 and path[0] in ("resource", "data"):
        prefix = "data." if path[0] == "data" else ""
        return f"{prefix}{path[1]}.{path[2]}", path[3:]
    return "", path


def _place(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _prefixes(path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    for end in range(len(path), -1, -1):
        yield path[:end]


class _Lines:
    """A text's line starts, found once (when a credential is first reported), so that each finding's line
    costs a search in its own document, not a walk from the top of the file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0, *(match.end() for match in re.finditer("\n", self.text))]
        return self._starts

    def _offset(self, line: int | None) -> int:
        """Where ``line`` (1-based) starts; the text's end for ``None`` or a line past it."""
        starts = self._line_starts()
        return len(self.text) if line is None or line > len(starts) else starts[max(line, 1) - 1]

    def line_of(self, span: tuple[int, int | None], secret: str, path: tuple[str | int, ...]) -> int:
        """The line of ``secret`` (or else of its key) within the lines ``span``; else the span's first."""
        start, end = self._offset(span[0]), self._offset(span[1])
        for needle in (secret[:40], *(str(p) for p in reversed(path) if isinstance(p, str))):
            at = self.text.find(needle, start, end) if needle else -1
            if at >= 0:
                return bisect.bisect_right(self._line_starts(), at)
        return span[0]


def _finding(file: str, line: int | None, subject: str, path: tuple[str | int, ...], hit: Hit) -> Finding:
    return Finding(
        file=file,
        line=line,
        object=subject,
        rule=RULE,
        path=_place(path),
        message=f"{hit.what} {redacted(hit.secret)} [{hit.detector}]; {FIX}",
        severity=SEVERITY,
    )
