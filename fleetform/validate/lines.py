"""Line numbers for JSON paths, found only when a document is invalid (so the fast path stays fast)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from fleetform.documents import Document, ManifestLoader
from fleetform.textscan import alnum_run

#: Runs of ASCII letters and digits this long or longer (a base64 blob, a generated value) are composed cut to
#: their first and last :data:`_KEPT` characters: composing copies every scalar two or three times (the
#: parser's buffers, then the node), which for a 4 MiB value was 16 MiB at once. Only letters and digits
#: are cut and never a line break, so every token keeps its kind and every node its line; only a key (or
#: anchor) that long is not matched, and its parent's line is reported.
_LONG_RUN = 1024
_KEPT = 32
_LONG_RUN_PATTERN = re.compile(rf"[A-Za-z0-9]{{{_LONG_RUN},}}")


class Locator:
    """Compose a document's YAML (on first use) and map ``(document, JSON path)`` to a 1-based line of its file.

    Each document is composed from the part of the file it was read from (:attr:`Document.source`), so a
    malformed document elsewhere in the file does not hide the lines of this one."""

    def __init__(self) -> None:
        self._nodes: dict[int, list[yaml.Node]] = {}

    def line(self, doc: Document, parts: Sequence[str | int]) -> int | None:
        nodes = self._compose(doc)
        if doc.position >= len(nodes):
            return None
        mark = nodes[doc.position].start_mark
        node: yaml.Node = nodes[doc.position]
        for part in parts:
            found = _child(node, part)
            if found is None:
                break
            key, node = found
            mark = (key or node).start_mark  # a mapping value is reported at its key's line
        return int(mark.line) + 1 + doc.offset

    def key_line(self, doc: Document, parts: Sequence[str | int], key: str) -> int | None:
        """The line of mapping key ``key`` under ``parts`` (an unknown field), else of its parent."""
        nodes = self._compose(doc)
        node: yaml.Node | None = nodes[doc.position] if doc.position < len(nodes) else None
        for part in parts:
            found = _child(node, part) if node is not None else None
            node = found[1] if found is not None else None
        if isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return int(k.start_mark.line) + 1 + doc.offset
        return self.line(doc, parts)

    def _compose(self, doc: Document) -> list[yaml.Node]:
        if doc.offset not in self._nodes:
            nodes: list[yaml.Node] = []
            loader = ManifestLoader(_cut_long_runs(doc.source))
            try:
                while loader.check_node():
                    nodes.append(loader.get_node())
            except yaml.YAMLError:
                pass
            finally:
                loader.dispose()
            self._nodes = {doc.offset: nodes}  # one part at a time: documents come in file order
        return self._nodes[doc.offset]


def _cut_long_runs(text: str) -> str:
    if not alnum_run(text, _LONG_RUN):
        return text
    return _LONG_RUN_PATTERN.sub(lambda run: run[0][:_KEPT] + run[0][-_KEPT:], text)


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
