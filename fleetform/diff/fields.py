"""Field-level changes between two versions of one object.

Mappings are compared key by key; lists of mappings that all have a unique ``name`` (containers, env, ports,
volumes) item by name (``containers[api]``); lists of scalars as sets (an item added or removed; a
reordering is one change of the whole list); other lists by position (``rule[0]``). CDK Terrain's ``//``
metadata (construct paths) is not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fleetform.diff.model import ADDED, CHANGED, REMOVED

Path = tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """``path``: keys, and ``[name]`` / ``[index]`` segments for list items."""

    path: Path
    op: str
    old: Any
    new: Any


def changes(old: Any, new: Any, path: Path = ()) -> Iterator[Change]:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            if key == "//":
                continue
            if key not in new:
                yield Change((*path, str(key)), REMOVED, old[key], None)
            elif key not in old:
                yield Change((*path, str(key)), ADDED, None, new[key])
            else:
                yield from changes(old[key], new[key], (*path, str(key)))
    elif isinstance(old, list) and isinstance(new, list):
        yield from _lists(old, new, path)
    else:
        yield Change(path, CHANGED, old, new)


def added(new: Any, path: Path = ()) -> Iterator[Change]:
    """Every leaf of ``new`` as added (used to look at objects that appear, e.g. a new firewall rule)."""
    if isinstance(new, dict):
        for key, value in new.items():
            if key != "//":
                yield from added(value, (*path, str(key)))
    elif isinstance(new, list) and new and all(isinstance(item, dict) for item in new):
        for index, item in enumerate(new):
            yield from added(item, (*path, f"[{index}]"))
    else:
        yield Change(path, ADDED, None, new)


def _lists(old: list[Any], new: list[Any], path: Path) -> Iterator[Change]:
    old_named, new_named = _by_name(old), _by_name(new)
    if old_named is not None and new_named is not None:
        for name in [*old_named, *(n for n in new_named if n not in old_named)]:
            where = (*path, f"[{name}]")
            if name not in new_named:
                yield Change(where, REMOVED, old_named[name], None)
            elif name not in old_named:
                yield Change(where, ADDED, None, new_named[name])
            else:
                yield from changes(old_named[name], new_named[name], where)
    elif not any(isinstance(item, dict | list) for item in (*old, *new)):
        gone = [item for item in old if item not in new]
        came = [item for item in new if item not in old]
        if not gone and not came:  # the same items in another order
            yield Change(path, CHANGED, old, new)
        yield from (Change(path, REMOVED, item, None) for item in gone)
        yield from (Change(path, ADDED, None, item) for item in came)
    else:
        for index in range(max(len(old), len(new))):
            where = (*path, f"[{index}]")
            if index >= len(new):
                yield Change(where, REMOVED, old[index], None)
            elif index >= len(old):
                yield Change(where, ADDED, None, new[index])
            else:
                yield from changes(old[index], new[index], where)


def _by_name(items: list[Any]) -> dict[str, Any] | None:
    """The items by their ``name``, or ``None`` unless every item is a mapping with a unique string name."""
    named: dict[str, Any] = {}
    for item in items:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str) or name in named:
            return None
        named[name] = item
    return named


def display(path: Path) -> str:
    """``spec.template.spec.containers[api].image``."""
    out = ""
    for segment in path:
        out += segment if segment.startswith("[") or not out else f".{segment}"
    return out
