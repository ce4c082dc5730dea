"""Which YAML texts the fast parser (yaml_rs, YAML 1.2) may read: anything YAML 1.1 (PyYAML, Kubernetes)
could read differently goes to PyYAML instead. See :func:`risky`; used by :mod:`fleetform.documents`, which
asks :func:`prescreen` before yaml_rs reads a text and :func:`fleetform.yaml_vouch.risky_parsed` after
(cheaper on large texts such as CRD definitions: it compares the text with the strings yaml_rs read, and
asks the heuristics here only when in doubt).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fleetform.textscan import flow_run

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
# Blanks are matched possessively (``*+``, ``++``): what follows never starts with a blank, so giving one
# back cannot help, and on deeply indented CRD definitions the backtracking was most of the cost.
# Each captures the scalar as ``token`` (absent for a line that starts with ``:``, an empty key).
# Every token starts with one of these: checked first, the engine rejects most candidates (``: string``)
# in one step instead of trying each alternative of the token (30-40 % less time on CRD definitions).
_TOKEN_START = r"(?=[YyNnOo=0-9+\-.])"
_VALUE = re.compile(rf":[ \t]++{_TOKEN_START}(?P<token>{_TOKEN}){_END}")
_ITEM = re.compile(rf"-[ \t]++{_TOKEN_START}(?P<token>{_TOKEN}){_END}")
_FLOW = re.compile(rf"[\[,{{][ \t]*+{_TOKEN_START}(?P<token>{_TOKEN}){_END}")
_KEYS = re.compile(rf"\n[ \t]*+(?:-[ \t]++)?(?=[YyNnOo\-+=.0-9:])(?P<token>{_KEY})?[ \t]*:(?:\s|$)")
_ANCHOR = re.compile(r"[&*][A-Za-z0-9_]|!")
_MERGE = re.compile(r"<<[ \t]*:")
_COMPLEX_KEY = re.compile(r"\?(?=\s|$)")
_FLOW_KEY = re.compile(r"[\[{,][ \t]*\?")
_COMMA_COLON = re.compile(",:")
_RESERVED = re.compile(r"[@`]")  # cannot start a plain scalar
_FLOW_ODD = re.compile(r"[\[{,:][ \t]*[?|>:,%!&*]|[\]}][ \t]*:")
# A line whose last bracket opens a flow collection (it goes on below). Each try stops at the next bracket,
# so a line of 100,000 ``[`` is scanned once.
_OPEN_FLOW = re.compile(r"[\[{][^\[{\]}\n]*$", re.MULTILINE)
# A document marker followed by content on its line, after a line break (a literal first character lets
# the engine skip to candidates; ``^`` with MULTILINE would try every position) or at the very start.
_DOC_CONTENT = re.compile(r"\n---[ \t]+[^\s#]")
_DOC_CONTENT_START = re.compile(r"---[ \t]+[^\s#]")
#: Flow collections nested this deep (openers in a row) are left to PyYAML.
_DEEP_FLOW = 32


def _content_after_marker(text: str) -> bool:
    """``---`` starting a line with content after it on that line (``--- a: b``)."""
    return _DOC_CONTENT_START.match(text) is not None or _DOC_CONTENT.search(text) is not None


# Two flow openers in a row (blanks between): a run of them needs one. Each pattern starts with a literal the
# engine scans for quickly, and most texts with many brackets (CRD definitions) have no such pair, so the
# costlier run search (:func:`~fleetform.textscan.flow_run`) is left for the few that do.
_OPENER_PAIRS = (re.compile(r"\[[ \t]*+[\[{]"), re.compile(r"\{[ \t]*+[\[{]"))


def _deep_flow(text: str) -> bool:
    return (
        text.count("[") + text.count("{") >= _DEEP_FLOW
        and any(pair.search(text) is not None for pair in _OPENER_PAIRS)
        and flow_run(text, _DEEP_FLOW)
    )


def risky(text: str) -> bool:
    """Whether PyYAML must read ``text`` (it may resolve something differently from yaml_rs)."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True  # YAML 1.1 line breaks (PyYAML folds or rejects them; yaml_rs keeps them)
    if "|" in text or ">" in text:
        if not text.endswith("\n"):
            return True  # a block scalar ending the text without a line break: yaml_rs adds one, PyYAML not
        text = without_block_scalars(text)
    if "'" in text or '"' in text:
        text = _QUOTED.sub(r"\1''", text)  # a one-line quoted scalar is a string in YAML 1.1 and 1.2 alike
    return _special_syntax(text) or yaml11_scalar(text)


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


_BLOCK_LINES: dict[int, re.Pattern[str]] = {}


def _block_lines(indent: int) -> re.Pattern[str]:
    """The lines after a block scalar's header at ``indent``: each blank or indented deeper (possessive:
    no backtracking), from the '\n' that ends the header to the '\n' before the first line that is not."""
    pattern = _BLOCK_LINES.get(indent)
    if pattern is None:
        pattern = re.compile(rf"(?:\n(?:[ ]{{{indent + 1}}}[^\n]*+|[^\S\n]*+(?=\n|\Z)))*+")
        _BLOCK_LINES[indent] = pattern
    return pattern


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
        block = _block_lines(indent).match(text, at)
        assert block is not None  # the pattern matches the empty string
        out.append("\n" * text.count("\n", at, block.end()))
        pos = block.end()
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
        any(_line_head_blank(text, m.start()) for m in _COMPLEX_KEY.finditer(text))
        or _outside_plain_values(text, _FLOW_KEY)
    ):
        return True
    if (
        "\t" in text
        or (",:" in text and _outside_plain_values(text, _COMMA_COLON))
        or (("@" in text or "`" in text) and _reserved_start(text))
    ):
        return True  # tabs (never indentation), odd flow keys and reserved indicators: PyYAML's stricter reading
    if ("[" in text or "{" in text) and (_outside_plain_values(text, _OPEN_FLOW) or _odd_flow(text)):
        return True  # flow collections spanning lines or with odd indicators: yaml_rs accepts more than PyYAML
    if text.startswith(("%", "...")) or "\n%" in text or "\n..." in text:
        return True
    if _content_after_marker(text):
        return True
    if " " * 200 in text:
        return True
    return _deep_flow(text)


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
_PLAIN_LINE = re.compile(r"[ ]*(?:-[ ]+)*[A-Za-z_][\w./-]*:[ ]+(?P<value>[A-Za-z(./$^][^\t\n]*)")


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
    return any(
        _FLOW_ODD.search(text, start, end) and not _in_plain_value(text, start) for _, start, end in flow_segments(text)
    )


def flow_segments(text: str) -> Iterator[tuple[int, int, int]]:
    """``(line start, first bracket, line end)`` of each line of ``text`` holding a ``[`` or ``{``: what the
    pattern ``[\\[{].*`` finds, with two substring searches kept one step ahead instead of a character
    class tried at every position (3x faster on short manifests; linear on long ones)."""
    square, curly = text.find("["), text.find("{")
    while square >= 0 or curly >= 0:
        first = _earliest(square, curly)
        end = text.find("\n", first)
        end = len(text) if end < 0 else end
        yield text.rfind("\n", 0, first) + 1, first, end
        if 0 <= square < end:
            square = text.find("[", end)
        if 0 <= curly < end:
            curly = text.find("{", end)


def _outside_plain_values(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches where its first character is not inside a one-line plain value: in
    block context, ``a[?(@.x)]`` (a JSONPath in a CRD's printer column) is text in YAML 1.1 and 1.2 alike."""
    return any(not _in_plain_value(text, match.start()) for match in pattern.finditer(text))


def _line_head_blank(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1 : pos].strip(" \t")


def scalar_searches(text: str, flow: bool) -> list[tuple[re.Pattern[str], str]]:
    """The YAML 1.1 scalar patterns, each with the text it searches (keys also in the first line, after a
    line break); flow entries only where ``flow`` says the text may hold a flow collection."""
    searches = [(_VALUE, text), (_ITEM, text), (_KEYS, "\n" + text[:200]), (_KEYS, text)]
    if flow and ("[" in text or "{" in text):
        searches.append((_FLOW, text))
    return searches


def yaml11_scalar(text: str, flow: bool = True) -> bool:
    """A plain scalar (value, item, flow entry or key) that YAML 1.1 and 1.2 may read differently."""
    return any(pattern.search(searched) is not None for pattern, searched in scalar_searches(text, flow))


# Searched for in every text before yaml_rs reads it, as regular expressions: one that starts with a literal
# character is found by the engine with a fast scan for that character, 2-4x faster on CRD definitions than
# ``in`` for a needle of two characters or more. Long escapes (``\U``) and a ``\u`` escape of a UTF-16
# surrogate (PyYAML keeps each half as a character, other parsers may join a pair); a merge key; a line
# starting with a document end marker.
_LONG_OR_SURROGATE_ESCAPE = re.compile(r"\\U|\\u[dD][89a-fA-F]")
_MERGE_MARK = re.compile("<<")
_END_MARKER_LINE = re.compile(r"\n\.\.\.")


def prescreen(text: str) -> bool:
    """What :func:`fleetform.yaml_vouch.risky_parsed` sends to :func:`risky` before yaml_rs reads anything:
    line breaks YAML 1.1 folds, tabs, merge keys, surrogate and long escapes, directives and markers with
    content, and very deep nesting."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text or "\t" in text or " " * 200 in text:
        return True
    if _MERGE_MARK.search(text) is not None or _LONG_OR_SURROGATE_ESCAPE.search(text) is not None:
        return True
    if text.startswith(("%", "...")) or (("|" in text or ">" in text) and not text.endswith("\n")):
        return True
    if _END_MARKER_LINE.search(text) is not None or _content_after_marker(text):
        return True
    return _deep_flow(text)


def _first_bracket(line: str) -> int:
    return _earliest(line.find("["), line.find("{"))


def _earliest(square: int, curly: int) -> int:
    """The lower of two ``str.find`` results, ``-1`` when both are."""
    return curly if square < 0 else square if curly < 0 else min(square, curly)


def structure_doubt(text: str, flow: bool) -> bool:
    """A doubtful flow collection (where ``flow`` says there is one) or ``,:``."""
    if flow and _flow_doubt(text):
        return True
    return ",:" in text and _outside_plain_values(text, _COMMA_COLON)


def _flow_doubt(text: str) -> bool:
    """Whether a line's flow collection may span lines or hold what :func:`_odd_flow` looks for (one-line
    quoted scalars blanked first, brackets inside a one-line plain value skipped)."""
    for start, _, end in flow_segments(text):
        line = text[start:end]
        if "'" in line or '"' in line:
            line = _QUOTED.sub(r"\1''", line)
        first = _first_bracket(line)
        if first < 0:
            continue
        found = line[first:]
        if (
            "'" in found.replace("''", "")
            or '"' in found
            or found.count("[") != found.count("]")
            or found.count("{") != found.count("}")
            or _FLOW_ODD.search(found)
            or _FLOW_KEY.search(found)
        ) and not _in_plain_value(line, first):
            return True
    return False
