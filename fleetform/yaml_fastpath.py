"""Which YAML texts the fast parser (yaml_rs, YAML 1.2) may read: anything YAML 1.1 (PyYAML, Kubernetes)
could read differently goes to PyYAML instead. See :func:`risky`; used by :mod:`fleetform.documents`.
"""

from __future__ import annotations

import re

# Plain scalars that YAML 1.1 (PyYAML, Kubernetes) and YAML 1.2 (yaml_rs) may resolve differently, and
# syntax the fast path leaves to PyYAML (and deep nesting). A match only sends the file to the slow path:
# false hits are cheap. Cheap substring tests guard the costlier syntax patterns.
_TOKEN = (
    r"[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|="
    r"|[-+]?0[0-9o_][0-9a-fA-F_.]*"
    r"|[-+]?[0-9][0-9_]*(?::[0-9_]+)+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9.][0-9_.]*[eE][-+]?[0-9]+"
    r"|[-+]\.[0-9][0-9_]*"
)
_END = r"(?=[ \t]*(?:[\n#,\]}]|$|:\s))"
_KEY = r"[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[-+=.0-9][^\s:]*"
# Split so that each pattern starts with a literal or a class the regex engine can skip to quickly.
_VALUE = re.compile(rf":[ \t]+(?:{_TOKEN}){_END}")
_ITEM = re.compile(rf"-[ \t]+(?:{_TOKEN}){_END}")
_FLOW = re.compile(rf"[\[,{{][ \t]*(?:{_TOKEN}){_END}")
_KEYS = re.compile(rf"\n[ \t]*(?:-[ \t]+)?(?=[YyNnOo\-+=.0-9:])(?:{_KEY})?[ \t]*:(?:\s|$)")
_ANCHOR = re.compile(r"[&*][A-Za-z0-9_]|!")
_MERGE = re.compile(r"<<[ \t]*:")
_COMPLEX_KEY = re.compile(r"\?(?=\s|$)")
_FLOW_KEY = re.compile(r"[\[{,][ \t]*\?")
_RESERVED = re.compile(r"[@`]")  # cannot start a plain scalar
_FLOW_SEGMENT = re.compile(r"[\[{].*")  # from a line's first bracket to its end
_FLOW_ODD = re.compile(r"[\[{,:][ \t]*[?|>:,%!&*]|[\]}][ \t]*:")
# A line whose last bracket opens a flow collection (it goes on below). Each try stops at the next bracket,
# so a line of 100,000 ``[`` is scanned once.
_OPEN_FLOW = re.compile(r"[\[{][^\[{\]}\n]*$", re.MULTILINE)
_DOC_CONTENT = re.compile(r"^---[ \t]+[^\s#]", re.MULTILINE)
_DEEP_FLOW = re.compile(r"(?:[\[{][ \t]*){32}")


def risky(text: str) -> bool:
    """Whether PyYAML must read ``text`` (it may resolve something differently from yaml_rs)."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True  # YAML 1.1 line breaks (PyYAML folds or rejects them; yaml_rs keeps them)
    if "|" in text or ">" in text:
        text = without_block_scalars(text)
    if "'" in text or '"' in text:
        text = _QUOTED.sub(r"\1''", text)  # a one-line quoted scalar is a string in YAML 1.1 and 1.2 alike
    return _special_syntax(text) or _yaml11_scalar(text)


# A single- or double-quoted scalar on one line, where a scalar starts: after a line's indentation, a
# sequence or mapping indicator, or a flow bracket or comma.
_QUOTED = re.compile(
    r"((?:^|[\[{,]|[:-][ \t])[ \t]*)"  # where a scalar starts
    r"""(?:'(?:[^'\n]++|'')*+'|"(?:[^"\\\n]++|\\.)*+")"""  # one quoted scalar on one line (possessive:
    # no backtracking stack, so linear time and constant memory on a 30 MB scalar)
    r"(?=[ \t]*(?:[\n#,\]}:]|$))",  # followed by the end of the node
    re.MULTILINE,
)


# A line ending in ``key: |`` or ``- >-`` (then maybe a comment), found from the line's start: the part before
# the indicator holds no ``#``, so each line is scanned once (linear time, whatever the line holds).
_BLOCK_HEADER_LINE = re.compile(r"^[^#\n]*[:-][ \t]+[|>][-+0-9]*[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def without_block_scalars(text: str) -> str:
    """``text`` with the contents of block scalars (``key: |`` and ``- |``) blanked, line count kept.

    A block scalar's lines are one string in YAML 1.1 and 1.2 alike, so the heuristics above must not
    look inside them (CEL expressions, scripts and PromQL are full of ``!``, ``?``, ``[`` and ``:``).
    Its content is every following line that is blank or indented deeper than the header's line."""
    out: list[str] = []
    pos = 0  # text before pos is done; text[pos] starts a line or is the '\n' before one
    while (header := _BLOCK_HEADER_LINE.search(text, pos)) is not None:
        line_start = text.rfind("\n", 0, header.start()) + 1
        at = text.find("\n", header.start())
        if at < 0:
            break
        indent = len(text[line_start:at]) - len(text[line_start:at].lstrip(" "))
        out.append(text[pos:at])
        while at < len(text):  # at: the '\n' before a line of the block's content, or the line after it
            end = text.find("\n", at + 1)
            end = len(text) if end < 0 else end
            line = text[at + 1 : end]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent:
                break
            out.append("\n")
            at = end
        pos = at
    out.append(text[pos:])
    return "".join(out)


def _special_syntax(text: str) -> bool:
    """Tags, anchors, aliases, merge and complex keys, directives, markers with content, deep nesting."""
    if ("&" in text or "*" in text or "!" in text) and any(
        _scalar_start(text, m.start()) for m in _ANCHOR.finditer(text)
    ):
        return True
    if "<<" in text and _MERGE.search(text):
        return True
    if "?" in text and (
        any(_line_head_blank(text, m.start()) for m in _COMPLEX_KEY.finditer(text)) or _FLOW_KEY.search(text)
    ):
        return True
    if "\t" in text or ",:" in text or (("@" in text or "`" in text) and _reserved_start(text)):
        return True  # tabs (never indentation), odd flow keys and reserved indicators: PyYAML's stricter reading
    if ("[" in text or "{" in text) and (_OPEN_FLOW.search(text) or _odd_flow(text)):
        return True  # flow collections spanning lines or with odd indicators: yaml_rs accepts more than PyYAML
    if text.startswith(("%", "...")) or "\n%" in text or "\n..." in text:
        return True
    if ("--- " in text or "---\t" in text) and _DOC_CONTENT.search(text):
        return True
    if " " * 200 in text:
        return True
    return text.count("[") + text.count("{") >= 32 and _DEEP_FLOW.search(text) is not None


def _reserved_start(text: str) -> bool:
    """``@`` or a backquote where a scalar starts."""
    return any(_scalar_start(text, match.start()) for match in _RESERVED.finditer(text))


def _scalar_start(text: str, pos: int) -> bool:
    """Whether a node may start at ``pos``: after a line's indentation, ``[``, ``{``, ``,``, or ``:``, ``-``
    or ``?`` followed by blanks. Elsewhere (``a != b`` inside a plain scalar) the character is just text."""
    j = pos - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    before = text[j] if j >= 0 else "\n"
    if before in "[{,":
        return not _in_plain_value(text, pos)
    return before == "\n" or (before in ":-?" and j < pos - 1)


# ``key: value`` (in a block sequence or not) whose value is a plain scalar filling the rest of the line:
# flow indicators in it are text (``filter(c, !x)`` in CEL), in YAML 1.1 and 1.2 alike.
_PLAIN_LINE = re.compile(r"[ ]*(?:-[ ]+)*[A-Za-z_][\w./-]*:[ ]+(?P<value>[A-Za-z(][^\t\n]*)")


def _in_plain_value(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a one-line plain scalar value (no ``: `` or `` #`` in it)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = _PLAIN_LINE.fullmatch(text, start, len(text) if end < 0 else end)
    if line is None or pos < line.start("value"):
        return False
    value = line.group("value")
    return ": " not in value and " #" not in value and not value.endswith(":")


def _odd_flow(text: str) -> bool:
    return any(_FLOW_ODD.search(segment) for segment in _FLOW_SEGMENT.findall(text))


def _line_head_blank(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1 : pos].strip(" \t")


def _yaml11_scalar(text: str) -> bool:
    """A plain scalar (value, item, flow entry or key) that YAML 1.1 and 1.2 may read differently."""
    if _VALUE.search(text) or _ITEM.search(text) or _KEYS.search("\n" + text[:200]) or _KEYS.search(text):
        return True
    return ("[" in text or "{" in text) and _FLOW.search(text) is not None
