"""Write scalars into a settings file's text by key path, keeping everything else as it was.

A settings file is hand-written: comments, key order, quoting and blank lines are the authors'. So the
text is edited line by line, not dumped again: a key that exists gets its value replaced on its own line
(its comment kept); a key that does not is inserted, with the parents it lacks, at the end of its nearest
block-style ancestor (or of the file). One changed pin is one changed line; a new image pin a few lines.
What cannot be edited that way (a value inside a flow mapping ``{a: 1}``, a multi-line scalar) is a
located :class:`UserError` asking for block style.
"""

from __future__ import annotations

import json
import re

import yaml

from fleetform.errors import located
from fleetform.rules import KeyPath
from fleetform.settings.yamlfile import SettingsFile, parse_settings_text, place

#: ``<indent><key>: <value><comment>`` on one line (the value plain, or quoted without escapes).
_ENTRY = re.compile(
    r"(?P<indent> *)(?P<key>[A-Za-z0-9_.-]+):(?P<gap> +)(?P<value>\"[^\"\\]*\"|'[^']*'|[^#\s'\"{\[|>](?:[^#]*[^#\s])?)"
    r"(?P<tail> +#.*)?"
)
#: ``<indent><key>:`` opening a block mapping, or ``<key>: {}`` (an empty one, which becomes a block).
_PARENT = re.compile(r"(?P<indent> *)(?P<key>[A-Za-z0-9_.-]+):(?P<empty> +\{\})?(?P<tail> +#.*)?")
#: What a plain scalar we write may contain (anything else is double-quoted).
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/@+-]*")
INDENT = 2


def set_scalars(text: str, display: str, leaves: tuple[tuple[KeyPath, str], ...]) -> str:
    """``text`` with each ``(key path, string value)`` of ``leaves`` set, in order."""
    for path, value in leaves:
        parsed = parse_settings_text(text, display)
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        if path in parsed.lines:
            _replace(lines, parsed, path, value)
        else:
            _insert(lines, parsed, path, value)
        text = "".join(lines)
    return text


def scalar(value: str, *, quoted: bool = False) -> str:
    """``value`` as YAML reads it back as that string: plain when it can be, else double-quoted."""
    if not quoted and _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value)


def _replace(lines: list[str], parsed: SettingsFile, path: KeyPath, value: str) -> None:
    number = parsed.lines[path]
    match = _ENTRY.fullmatch(lines[number - 1].rstrip("\n"))
    if match is None or match["key"] != path[-1]:
        raise _not_block(parsed, number, path)
    quoted = match["value"][0] in "\"'"
    lines[number - 1] = (
        f"{match['indent']}{match['key']}:{match['gap']}{scalar(value, quoted=quoted)}{match['tail'] or ''}\n"
    )


def _insert(lines: list[str], parsed: SettingsFile, path: KeyPath, value: str) -> None:
    """Insert ``path`` below its deepest ancestor in the file, creating the missing parents."""
    depth = max(k for k in range(len(path)) if path[:k] in parsed.lines or k == 0)
    at, indent = len(lines), 0  # the top level: the end of the file
    if depth:
        number = parsed.lines[path[:depth]]
        match = _PARENT.fullmatch(lines[number - 1].rstrip("\n"))
        if match is None or match["key"] != path[depth - 1]:
            raise _not_block(parsed, number, path[:depth])
        if match["empty"]:
            lines[number - 1] = f"{match['indent']}{match['key']}:{match['tail'] or ''}\n"
        at, indent = _block_end(lines, number, len(match["indent"]))
    new = [f"{' ' * (indent + INDENT * i)}{key}:\n" for i, key in enumerate(path[depth:-1])]
    new.append(f"{' ' * (indent + INDENT * (len(path) - depth - 1))}{path[-1]}: {scalar(value)}\n")
    lines[at:at] = new


def _block_end(lines: list[str], number: int, parent_indent: int) -> tuple[int, int]:
    """Where the block under line ``number`` (1-based) ends (an index into ``lines``) and its children's indent."""
    end, child = number, -1
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[index]) - len(lines[index].lstrip(" "))
        if indent <= parent_indent:
            break
        child = indent if child < 0 else child
        end = index + 1
    return end, child if child >= 0 else parent_indent + INDENT


def _not_block(parsed: SettingsFile, number: int, path: KeyPath) -> Exception:
    return located(
        parsed.name,
        number,
        place(path),
        "not a one-line 'key: value' entry of a block mapping, which promote edits in place",
        "block style here (one key per line, no {...} mapping) or the edit made by hand",
    )
