"""Line numbers for JSON paths, found only when a document is invalid (so the fast path stays fast)."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from fleetform.documents import ManifestLoader


class Locator:
    """Compose a file's YAML once (on first use) and map ``(document index, JSON path)`` to a 1-based line."""

    def __init__(self, text: str | None) -> None:
        self._text = text
        self._nodes: list[yaml.Node] | None = None

    def line(self, index: int, parts: Sequence[str | int]) -> int | None:
        nodes = self._compose()
        if index >= len(nodes):
            return None
        mark = nodes[index].start_mark
        node: yaml.Node = nodes[index]
        for part in parts:
            found = _child(node, part)
            if found is None:
                break
            key, node = found
            mark = (key or node).start_mark  # a mapping value is reported at its key's line
        return int(mark.line) + 1

    def key_line(self, index: int, parts: Sequence[str | int], key: str) -> int | None:
        """The line of mapping key ``key`` under ``parts`` (an unknown field), else of its parent."""
        nodes = self._compose()
        node: yaml.Node | None = nodes[index] if index < len(nodes) else None
        for part in parts:
            found = _child(node, part) if node is not None else None
            node = found[1] if found is not None else None
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return int(k.start_mark.line) + 1
        return self.line(index, parts)

    def _compose(self) -> list[yaml.Node]:
        if self._nodes is None:
            self._nodes = []
            if self._text is not None:
                loader = ManifestLoader(self._text)
                try:
                    while loader.check_node():
                        self._nodes.append(loader.get_node())
                except yaml.YAMLError:
                    pass
                finally:
                    loader.dispose()
        return self._nodes


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """``(key node or None, value node)`` of one path step."""
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    if isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):  # the last duplicate wins, as in the data
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    return None


def render_path(parts: Sequence[str | int]) -> str:
    """``["spec", "containers", 0, "image"]`` -> ``spec.containers[0].image``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
