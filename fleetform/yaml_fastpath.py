"""Which YAML texts the fast parser (yaml_rs, YAML 1.2) may read: anything YAML 1.1 (PyYAML, Kubernetes)
could read differently goes to PyYAML instead. See :func:`risky`; used by :mod:`fleetform.documents`, which
asks :func:`prescreen` before yaml_rs reads a text and :func:`risky_parsed` after (cheaper on large texts such
as CRD definitions: it compares the text with the strings yaml_rs read before blanking any scalar).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import yaml
import yaml_rs

from fleetform.textscan import SMALL, flow_run, tally

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
_VALUE = re.compile(rf":[ \t]++(?P<token>{_TOKEN}){_END}")
_ITEM = re.compile(rf"-[ \t]++(?P<token>{_TOKEN}){_END}")
_FLOW = re.compile(rf"[\[,{{][ \t]*+(?P<token>{_TOKEN}){_END}")
_KEYS = re.compile(rf"\n[ \t]*+(?:-[ \t]++)?(?=[YyNnOo\-+=.0-9:])(?P<token>{_KEY})?[ \t]*:(?:\s|$)")
_ANCHOR = re.compile(r"[&*][A-Za-z0-9_]|!")
_MERGE = re.compile(r"<<[ \t]*:")
_COMPLEX_KEY = re.compile(r"\?(?=\s|$)")
_FLOW_KEY = re.compile(r"[\[{,][ \t]*\?")
_COMMA_COLON = re.compile(",:")
_RESERVED = re.compile(r"[@`]")  # cannot start a plain scalar
_FLOW_SEGMENT = re.compile(r"[\[{].*")  # from a line's first bracket to its end
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
    if "--- " not in text and "---\t" not in text:
        return False
    return _DOC_CONTENT_START.match(text) is not None or _DOC_CONTENT.search(text) is not None


def _deep_flow(text: str) -> bool:
    return text.count("[") + text.count("{") >= _DEEP_FLOW and flow_run(text, _DEEP_FLOW)


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
        _FLOW_ODD.search(segment[0]) and not _in_plain_value(text, segment.start())
        for segment in _FLOW_SEGMENT.finditer(text)
    )


def _outside_plain_values(text: str, pattern: re.Pattern[str]) -> bool:
    """Whether ``pattern`` matches where its first character is not inside a one-line plain value: in
    block context, ``a[?(@.x)]`` (a JSONPath in a CRD's printer column) is text in YAML 1.1 and 1.2 alike."""
    return any(not _in_plain_value(text, match.start()) for match in pattern.finditer(text))


def _line_head_blank(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1 : pos].strip(" \t")


def _divergent_scalar(text: str, flow: bool, dump: str | None) -> bool:
    """:func:`_yaml11_scalar`, but each match's scalar is resolved as both versions would resolve it if it
    were plain (:func:`_both_strings`): a match both read as a string (``0635B8D3...``, a key
    ``1password.json``) is harmless wherever it is. A line starting with ``:`` (an empty key: PyYAML refuses
    it, yaml_rs reads a null key) is harmless when yaml_rs read no null key (``dump``, written by
    :func:`risky_parsed`, holds no ``"null"`` key)."""
    if not _yaml11_scalar(text, flow):
        return False  # (the common case, found by searches that stop at the first match)
    lines = ("\n" + text[:200], text)
    for pattern, texts in ((_VALUE, (text,)), (_ITEM, (text,)), (_KEYS, lines), (_FLOW, (text,) if flow else ())):
        for searched in texts:
            for match in pattern.finditer(searched):
                token = match.group("token")
                if token is None:
                    if dump is None or '"null"\x01' in dump:
                        return True
                elif not _both_strings(token):
                    return True
    return False


@functools.lru_cache(maxsize=1024)
def _both_strings(token: str) -> bool:
    """Whether YAML 1.1 (PyYAML's resolvers, timestamps kept as strings as Kubernetes does) and YAML 1.2
    (yaml_rs) both read the plain scalar ``token`` as a string (then as the same string: one line, no
    escapes)."""
    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    for tag, pattern in [*resolvers.get(token[:1], []), *resolvers.get(None, [])]:
        if tag != "tag:yaml.org,2002:timestamp" and pattern.match(token):
            return False
    try:
        read: Any = yaml_rs.loads(f"- {token}\n", parse_datetime=False)
    except Exception:  # anything yaml_rs refuses is not plainly a string
        return False
    return isinstance(read, list) and len(read) == 1 and read[0] == token


def _yaml11_scalar(text: str, flow: bool = True) -> bool:
    """A plain scalar (value, item, flow entry or key) that YAML 1.1 and 1.2 may read differently; flow
    entries are looked for only where ``flow`` says the text may hold a flow collection."""
    if _VALUE.search(text) or _ITEM.search(text) or _KEYS.search("\n" + text[:200]) or _KEYS.search(text):
        return True
    return flow and ("[" in text or "{" in text) and _FLOW.search(text) is not None


# Characters that are syntax where a node starts (tags, anchors, aliases, complex keys, reserved indicators,
# directives, flow collections) and content elsewhere. A scalar keeps each of them one for one (quoting,
# folding and block indentation only touch quotes and white space); only escapes (``\x21``, ``\u005b``, ...
# in double-quoted scalars) can add one, and :func:`_escaped` counts those.
_COUNTED = "!&*?@`%[{"
_FLOW_OPENERS = "[{"
# An empty mapping or sequence can only be written as ``{}`` or ``[]``, and both versions read them alike: so
# when every flow opener that is not string content opens one of the empty collections read, there is no
# other flow collection.
_EMPTY = {"[": "[]", "{": "{}"}
_FIRST_BRACKET = re.compile(r"[\[{]")
# An escape that may stand for one of the counted characters (all ASCII: ``\x``, ``\u00``, ``\U000000``).
_ESCAPE = re.compile(r"\\(?:x|u00|U000000)([0-9a-fA-F]{2})")
# The same form in a ``json.dumps`` dump, where a backslash is written twice.
_DUMPED_ESCAPE = re.compile(r"\\\\(?:x|u00|U000000)([0-9a-fA-F]{2})")
# A JSON string (as ``json.dumps`` writes it): a dump with each one emptied is its structure.
_JSON_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"')
# A ``\u`` escape of a UTF-16 surrogate: PyYAML keeps each half as a character, other parsers may join a pair.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: What fast-path parsers are told about aliases: none may be used (the parse fails and PyYAML reads the
#: text), so every string the fast parser returns stands for text written once, which the counts rely on.
NO_ALIASES = {"max_total_replayed_events": 0, "max_replay_stack_depth": 64, "max_alias_expansions_per_anchor": 0}


def prescreen(text: str) -> bool:
    """What :func:`risky_parsed` sends to :func:`risky` before yaml_rs reads anything: line breaks YAML 1.1
    folds, tabs, merge keys, surrogate and long escapes, directives and markers with content, and very deep
    nesting."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text or "\t" in text or "<<" in text or " " * 200 in text:
        return True
    if "\\U" in text or ("\\u" in text and _SURROGATE_ESCAPE.search(text) is not None):
        return True
    if text.startswith(("%", "...")) or "\n..." in text or (("|" in text or ">" in text) and not text.endswith("\n")):
        return True
    if _content_after_marker(text):
        return True
    return _deep_flow(text)


def risky_parsed(text: str, data: list[Any]) -> bool:
    """:func:`risky` for a text that passed :func:`prescreen` and that yaml_rs has read as ``data`` without
    expanding any alias (:data:`NO_ALIASES`), without blanking scalars first when the text is plainly safe;
    any doubt is left to :func:`risky`.

    Plainly safe: each of ``!&*?@`%[{`` occurs in the strings yaml_rs read (keys included) exactly as often
    as in the text, plus the escapes that stand for it (so every one is string content: a tag, anchor,
    complex key, indicator, flow collection or comment would be missing from them), but for the openers of
    the empty collections read (``{}``, ``[]``); where another flow collection is left, each line's flow
    collection (from its first bracket, unless in a one-line plain value) closes on that line and holds no
    quote and nothing :func:`_odd_flow` looks for; no ``,:`` outside plain values; and no YAML 1.1 scalar
    that yaml_rs may have read otherwise (:func:`_divergent_scalar`), even inside quoted or block scalars."""
    written = tally(text, _COUNTED)
    counted = [char for char in _COUNTED if written[char]]
    flow = bool(written["["] or written["{"])  # until the counts tell otherwise
    dump = None
    if counted and (len(text) >= SMALL or any(char not in _FLOW_OPENERS for char in counted)):
        # (a short text with no counted character but brackets is left to the line-by-line flow check, which
        # costs less there than writing out what yaml_rs read)
        try:
            dump = json.dumps(data, ensure_ascii=False, check_circular=False, separators=_SEPARATORS)
        except ValueError:  # an integer too long for Python to write out: no counts, the heuristics decide
            return risky(text)
        except (TypeError, RecursionError):
            return True
        escaped = _escaped(text, dump)
        if escaped is None:
            return risky(text)
        read = tally(dump, _COUNTED)
        openers = _openers(dump, text, escaped) if flow else {}
        flow = False
        for char in counted:
            structural, empty = openers.get(char, (0, 0))
            # written but not read as string content: syntax (or a comment)
            unread = written[char] + escaped.get(char, 0) - (read[char] - structural)
            if char not in _FLOW_OPENERS:
                if unread:
                    return risky(text)
            elif unread != empty:
                flow = True  # a flow collection that is not an empty one: checked line by line below
    if _structure_doubt(text, flow) and (
        not ("|" in text or ">" in text) or _structure_doubt(without_block_scalars(text), flow)
    ):
        return risky(text)
    return _divergent_scalar(text, flow, dump) and risky(text)


# ``json.dumps`` separators for :func:`risky_parsed`: characters a JSON string never holds raw (it escapes
# control characters), so a bracket right after one of them is the dump's structure, never string content.
_SEPARATORS = ("\n", "\x01")


def _openers(dump: str, text: str, escaped: dict[str, int]) -> dict[str, tuple[int, int]]:
    """For ``[`` and ``{``: how many in ``dump`` open a list or mapping, and how many of those are empty.

    A container starts the dump, follows a separator (:data:`_SEPARATORS`) or opens a list's first item
    (``[[``, ``[{``). When the strings cannot hold ``[[`` or ``[{`` (the text has neither, and no escape
    makes a bracket) every such pair is structure, and counting pairs is exact; otherwise the strings are
    emptied first (a slower regular expression pass over the dump)."""
    if "[[" in text or "[{" in text or escaped.get("[") or escaped.get("{"):
        structure = _JSON_STRING.sub('""', dump)
        return {char: (structure.count(char), structure.count(_EMPTY[char])) for char in _FLOW_OPENERS}
    out: dict[str, tuple[int, int]] = {}
    for char, empty in _EMPTY.items():
        starts = dump.startswith(char), dump.startswith(empty)
        opened = starts[0] + dump.count("\n" + char) + dump.count("\x01" + char) + dump.count("[" + char)
        emptied = starts[1] + dump.count("\n" + empty) + dump.count("\x01" + empty) + dump.count("[" + empty)
        out[char] = (opened, emptied)
    return out


def _escaped(text: str, dump: str) -> dict[str, int] | None:
    """For each counted character, how many escapes in ``text`` may stand for it, or ``None`` when that
    cannot be told.

    An escape-like form (``\\x60``) in the text is decoded (in a double-quoted scalar: one more character in
    the strings), kept (elsewhere in a scalar: the strings hold the form itself, which the dump writes with
    its backslash doubled) or lost (in a comment). So the forms in the text less those in the dump are at
    least the decoded ones, and the count check stays exact (a lost form shows as a mismatch). The strings
    can only hold a form the text does not write through an escaped backslash (``\\x5c``) or a line
    continuation (a backslash ending a line): texts with either are left to :func:`risky` (``None``)."""
    if "\\" not in text:
        return {}
    if "\\\n" in text:
        return None
    written = _forms(_ESCAPE.findall(text))
    if written is None:
        return None
    kept = _forms(_DUMPED_ESCAPE.findall(dump)) if written else {}
    if kept is None:
        return None
    return {char: max(0, count - kept.get(char, 0)) for char, count in written.items()}


def _forms(codes: list[str]) -> dict[str, int] | None:
    """How many of the escape forms ``codes`` (two hex digits each) stand for each counted character;
    ``None`` if one stands for a backslash."""
    out: dict[str, int] = {}
    for code in codes:
        char = chr(int(code, 16))
        if char == "\\":
            return None
        if char in _COUNTED:
            out[char] = out.get(char, 0) + 1
    return out


def _structure_doubt(text: str, flow: bool) -> bool:
    """A doubtful flow collection (where ``flow`` says there is one) or ``,:``."""
    if flow and _flow_doubt(text):
        return True
    return ",:" in text and _outside_plain_values(text, _COMMA_COLON)


def _flow_doubt(text: str) -> bool:
    """Whether a line's flow collection may span lines or hold what :func:`_odd_flow` looks for (one-line
    quoted scalars blanked first, brackets inside a one-line plain value skipped)."""
    for segment in _FLOW_SEGMENT.finditer(text):
        line = text[text.rfind("\n", 0, segment.start()) + 1 : segment.end()]
        if "'" in line or '"' in line:
            line = _QUOTED.sub(r"\1''", line)
        first = _FIRST_BRACKET.search(line)
        if first is None:
            continue
        found = line[first.start() :]
        if (
            "'" in found.replace("''", "")
            or '"' in found
            or found.count("[") != found.count("]")
            or found.count("{") != found.count("}")
            or _FLOW_ODD.search(found)
            or _FLOW_KEY.search(found)
        ) and not _in_plain_value(line, first.start()):
            return True
    return False
