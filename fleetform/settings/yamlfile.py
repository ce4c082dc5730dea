"""Read one settings file: its data, and the line of every key path (for error messages)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fleetform.errors import located
from fleetform.rules import KeyPath


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


def read_settings_file(path: Path, display: str) -> SettingsFile:
    """Parse ``path`` safely; reject invalid YAML and duplicate keys with one located line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise located(display, None, "", "file not found", "the settings file to exist") from None
    except UnicodeDecodeError:
        raise located(display, None, "", "file is not UTF-8 text", "a UTF-8 YAML file") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise located(display, line, "", f"invalid YAML: {err.problem}", "valid YAML") from None
    if node is None:
        return SettingsFile(display, {}, {})
    builder = _Builder(display)
    data = builder.build(node, ())
    return SettingsFile(display, data, builder.lines)


class _Builder:
    """Turns a composed node tree into plain data, recording lines and rejecting duplicate keys."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.lines: dict[KeyPath, int] = {}
        self._scalars = yaml.SafeLoader("")  # used only for its safe scalar constructors

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._scalars.construct_object(key_node, deep=True)
                if key in out:
                    place = ".".join(str(p) for p in (*path, key))
                    line = key_node.start_mark.line + 1
                    raise located(self.display, line, place, "duplicate key", "each key once")
                out[key] = self.build(value_node, (*path, key))
                self.lines[(*path, key)] = key_node.start_mark.line + 1  # point at the key, not its value
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalars.construct_object(node, deep=True)
