"""Keys a chart's ``values.yaml`` documents but leaves commented out.

Charts document optional keys by writing them commented out where they belong, e.g. kube-prometheus-stack's
``alertmanager.alertmanagerSpec``::

    alertmanagerSpec:
      ...
      # configSecret:

The chart's templates read such a key, so setting it is not a typo. A comment line ``# <key>:`` (one ``#``,
at most one space, a key without spaces, then a colon and a space or the line's end) counts as a key of the
block mapping it is indented into: the mapping of the nearest key above it at the same column, or of the
nearest key above it at a smaller column when that key's children (or its only, commented-out ones) start at
the comment's column. Comments inside block scalars and sequences do not count. Prose that happens to look
like ``# Note: ...`` adds a harmless allowed key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

COMMENTED_KEY = re.compile(r"^( *)# ?([A-Za-z_][A-Za-z0-9_.-]*):( |$)")

KeyPath = tuple[str, ...]


@dataclass(frozen=True)
class _Key:
    line: int
    column: int
    path: KeyPath
    #: Column of the value's own keys when it is a block mapping; -1 when it has none (null, or all commented
    #: out); None when it is a scalar or a sequence (no child keys).
    children: int | None


def commented_keys(text: str) -> dict[KeyPath, set[str]]:
    """Mapping key path -> the commented-out keys documented in that mapping."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    keys: list[_Key] = []
    hidden: set[int] = set()
    if root is not None:
        _walk(root, (), keys, hidden)
    keys.sort(key=lambda k: k.line)
    out: dict[KeyPath, set[str]] = {}
    for number, line in enumerate(text.splitlines()):
        match = COMMENTED_KEY.match(line)
        if match is None or number in hidden:
            continue
        parent = _parent(keys, number, len(match.group(1)))
        if parent is not None:
            out.setdefault(parent, set()).add(match.group(2))
    return out


def _parent(keys: list[_Key], line: int, column: int) -> KeyPath | None:
    above = next((k for k in reversed(keys) if k.line < line and k.column <= column), None)
    if above is None:
        return () if column == 0 else None
    if above.column == column:
        return above.path[:-1]
    if above.children in (-1, column):
        return above.path
    return None


def _walk(node: yaml.Node, path: KeyPath, keys: list[_Key], hidden: set[int]) -> None:
    if isinstance(node, yaml.ScalarNode):
        hidden.update(range(node.start_mark.line + 1, node.end_mark.line + 1))
    elif isinstance(node, yaml.SequenceNode):
        hidden.update(range(node.start_mark.line, node.end_mark.line + 1))
    elif isinstance(node, yaml.MappingNode):
        if node.flow_style:
            hidden.update(range(node.start_mark.line, node.end_mark.line + 1))
            return
        for key, value in node.value:
            name = str(key.value)
            keys.append(_Key(key.start_mark.line, key.start_mark.column, (*path, name), _children(value)))
            _walk(value, (*path, name), keys, hidden)


def _children(value: yaml.Node) -> int | None:
    if isinstance(value, yaml.MappingNode) and not value.flow_style:
        return value.value[0][0].start_mark.column if value.value else -1
    if isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null":
        return -1
    return None
