"""Read one settings file: its data, and the line of every key path (for error messages).

Settings are small hand-written files, so the reader takes plain YAML only and bounds everything it does:

- at most :data:`MAX_BYTES` per file (the repository's are ~2 KB), UTF-8, printable characters only;
- one document; mapping keys are plain scalars (no ``? [a, b]`` keys), no merge keys (``<<:``), no tags but
  YAML's own scalar, list and mapping tags (``!!str``, ``!!int``...), no duplicate keys;
- at most :data:`MAX_DEPTH` nested lists and mappings; anchors and aliases are allowed, but what the aliases
  expand to counts, at most :data:`MAX_ALIAS_NODES` values (a "billion laughs" file is refused at once).

The file is read from PyYAML's event stream with an explicit stack (no recursion, so no nesting depth can
overflow Python's stack) in time linear in its size. Every problem is one located :class:`UserError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fleetform.errors import SHOWN_CHARS, UserError, located, shown
from fleetform.rules import KeyPath

#: Largest settings file read, in bytes (pure-Python YAML reads ~300 KB/s: this bounds a load to ~1 s).
MAX_BYTES = 256 * 1024
#: Deepest nesting of lists and mappings (the settings schema is 5 levels deep).
MAX_DEPTH = 32
#: Values that aliases may add in total (the whole repository's settings hold ~500 values).
MAX_ALIAS_NODES = 10_000

_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null"))
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_MERGE = "tag:yaml.org,2002:merge"
#: Longest integer Python converts from text (``sys.get_int_max_str_digits()``'s default).
_MAX_DIGITS = 4300
#: How a value of each scalar tag is described in messages.
_TAG_WORDS = {
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
}
#: What YAML 1.1 forbids in a stream: C0 controls but tab/LF/CR, DEL, C1 controls but NEL, surrogates, U+FFFE/F.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class SettingsFile:
    """A parsed settings file: plain data plus a key-path -> line map."""

    name: str
    data: Any
    lines: dict[KeyPath, int]

    def line(self, path: KeyPath) -> int | None:
        """The line of ``path`` or of its nearest ancestor present in the file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def place(path: KeyPath) -> str:
    """``api.replicas.max``, ``zones[2]``; a long key is cut (see :func:`~fleetform.errors.shown`)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = part if isinstance(part, str) and len(part) <= SHOWN_CHARS else shown(part)
        out += f".{text}" if out else text
    if len(out) > 2 * SHOWN_CHARS:  # a path 32 levels deep: its start and end say where it is
        out = f"{out[:SHOWN_CHARS]}…{out[-SHOWN_CHARS:]}"
    return out or "(top level)"


def read_settings_file(path: Path, display: str) -> SettingsFile:
    """Parse ``path`` safely; reject what :mod:`this module <fleetform.settings.yamlfile>` does not read,
    with one located line."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise located(display, None, "", "file not found", "the settings file to exist") from None
    except OSError as err:
        raise located(display, None, "", f"cannot read: {err.strerror}", "a readable settings file") from None
    if len(raw) > MAX_BYTES:
        raise located(display, None, "", f"file is over {MAX_BYTES // 1024} KiB", "a settings file of at most that")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise located(display, line, "", "file is not UTF-8 text", "a UTF-8 YAML file") from None
    return parse_settings_text(text, display)


def parse_settings_text(text: str, display: str) -> SettingsFile:
    """:func:`read_settings_file` for text already read (``display`` names it in messages)."""
    bad = _UNPRINTABLE.search(text)
    if bad is not None:
        at = text.count("\n", 0, bad.start()) + 1
        code = f"U+{ord(bad.group()):04X}"
        raise located(display, at, "", f"control character {code} in the text", "printable text (YAML)")
    builder = _Builder(display)
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            builder.event(event)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        raise located(display, line, "", f"invalid YAML: {err.problem or err.context}", "valid YAML") from None
    except yaml.YAMLError as err:  # a reader error: the text was checked above, so this is unexpected input
        raise located(display, None, "", f"invalid YAML: {err}", "valid YAML") from None
    return SettingsFile(display, builder.data, builder.lines)


@dataclass
class _Open:
    """A list or mapping being read: its value, key path, and (mappings) the key waiting for its value."""

    value: list[Any] | dict[Any, Any]
    path: KeyPath
    anchor: str | None
    values: int = 1  # values inside it, itself included, aliases expanded
    key: Any = None
    key_line: int = 0
    has_key: bool = False
    seen: set[Any] = field(default_factory=set)


class _Builder:
    """Turns PyYAML events into plain data, recording the line of every key path."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[KeyPath, int] = {}
        self.data: Any = {}
        self.stack: list[_Open] = []
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, values inside it)
        self.aliased = 0
        self.documents = 0
        self._scalars = yaml.SafeLoader("")  # used only for its safe scalar resolver and constructors

    def fail(self, line: int, path: KeyPath, problem: str, expected: str) -> UserError:
        return located(self.display, line, place(path) if path else "", problem, expected)

    def event(self, event: yaml.Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(line, (), "a second YAML document", "one document per settings file")
        elif isinstance(event, yaml.ScalarEvent):
            self.scalar(event, line)
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event, line)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self.start(event, line)
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            done = self.stack.pop()
            if done.anchor is not None:
                self.anchors[done.anchor] = (done.value, done.values)
            self.add(done.value, done.values, line, in_key=False)

    def child_path(self, line: int) -> KeyPath:
        """The key path of the value that comes next; a collection cannot be a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if not top.has_key:
            raise self.fail(line, top.path, "a list or mapping as a key", "a plain string key")
        return (*top.path, top.key)

    def start(self, event: yaml.CollectionStartEvent, line: int) -> None:
        path = self.child_path(line)
        self.check_tag(event.tag, line, path, _COLLECTION_TAGS)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(line, path, f"nested more than {MAX_DEPTH} levels deep", "the settings schema's shape")
        self.lines[path] = line
        value: list[Any] | dict[Any, Any] = [] if isinstance(event, yaml.SequenceStartEvent) else {}
        self.stack.append(_Open(value, path, event.anchor))

    def scalar(self, event: yaml.ScalarEvent, line: int) -> None:
        top = self.stack[-1] if self.stack else None
        in_key = top is not None and isinstance(top.value, dict) and not top.has_key
        path = top.path if top is not None and in_key else self.child_path(line)
        self.check_tag(event.tag, line, path, _SCALAR_TAGS)
        tag = event.tag if event.tag not in (None, "!") else None
        if tag is None:
            tag = self._scalars.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _MERGE and in_key:
            raise self.fail(line, path, "merge key '<<'", "the keys written out (merge keys are not supported)")
        node = yaml.ScalarNode(tag, event.value, None, None, event.style)  # marks: errors are reported here
        try:
            value = self._scalars.construct_object(node, deep=True)
            self._scalars.constructed_objects.clear()  # keep no node: memory stays that of the data
        except (yaml.YAMLError, ValueError, OverflowError):
            what = _TAG_WORDS.get(tag, tag)
            problem = f"is not {what}" if len(event.value) <= _MAX_DIGITS else f"has over {_MAX_DIGITS} characters"
            raise self.fail(line, path, f"{shown(event.value)} {problem}", what) from None
        if isinstance(value, str) and (bad := _UNPRINTABLE.search(value)) is not None:  # from "\a" escapes
            code = f"U+{ord(bad.group()):04X}"
            raise self.fail(line, path, f"control character {code} in {shown(value)}", "printable text")
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        if not in_key:
            self.lines[path] = line
        self.add(value, 1, line, in_key=in_key)

    def alias(self, event: yaml.AliasEvent, line: int) -> None:
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and not top.has_key:
            raise self.fail(line, top.path, f"alias *{event.anchor} as a key", "a plain string key")
        path = self.child_path(line)
        if event.anchor not in self.anchors:
            raise self.fail(line, path, f"alias *{event.anchor} names no complete anchor", "an anchor defined before")
        value, values = self.anchors[event.anchor]
        self.aliased += values
        if self.aliased > MAX_ALIAS_NODES:
            raise self.fail(
                line, path, f"aliases expand to over {MAX_ALIAS_NODES} values", "fewer aliases (the values written out)"
            )
        self.lines[path] = line
        self.add(value, values, line, in_key=False)

    def check_tag(self, tag: str | None, line: int, path: KeyPath, allowed: frozenset[str]) -> None:
        if tag is not None and tag != "!" and tag not in allowed:
            raise self.fail(line, path, f"tag {shown(tag)}", "plain YAML values (no tags)")

    def add(self, value: Any, values: int, line: int, *, in_key: bool) -> None:
        """Place a finished value in the collection being read (or as the document)."""
        if not self.stack:
            self.data = {} if value is None else value
            return
        top = self.stack[-1]
        top.values += values
        if isinstance(top.value, list):
            top.value.append(value)
        elif in_key:
            if value in top.seen:
                raise self.fail(line, (*top.path, value), "duplicate key", "each key once")
            top.key, top.key_line, top.has_key = value, line, True
            self.lines[(*top.path, value)] = line  # point at the key, not its value
        else:
            top.seen.add(top.key)
            top.value[top.key] = value
            self.lines[(*top.path, top.key)] = top.key_line
            top.has_key = False
