"""Whether what yaml_rs read vouches for the text it read: :func:`risky_parsed`, asked by
:mod:`fleetform.documents` after the fast parse of every text that passed
:func:`fleetform.yaml_fastpath.prescreen`. It compares the text with the strings yaml_rs read (one JSON dump)
instead of blanking scalars and guessing, and leaves any doubt to :func:`fleetform.yaml_fastpath.risky`."""

from __future__ import annotations

import functools
import re
from typing import Any

import orjson
import yaml
import yaml_rs

from fleetform.textscan import SMALL, tally, tally_bytes
from fleetform.yaml_fastpath import risky, scalar_searches, structure_doubt, without_block_scalars, yaml11_scalar

# Characters that are syntax where a node starts (tags, anchors, aliases, complex keys, reserved indicators,
# directives, flow collections) and content elsewhere. A scalar keeps each of them one for one (quoting,
# folding and block indentation only touch quotes and white space); only escapes (``\x21``, ``\u005b``, ...
# in double-quoted scalars) can add one, and :func:`_escaped` counts those.
_COUNTED = "!&*?@`%[{"
_FLOW_OPENERS = "[{"
# What yaml_rs read is written out by orjson, indented: every key and item on its own line, so a list or
# mapping that is not empty is the only place where a bracket ends a line (a JSON string never holds a raw
# line break). An empty one is written ``[]`` or ``{}`` and both versions read those alike: when every flow
# opener that is not string content opens an empty collection read, there is no other flow collection.
_DUMP_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
_OPENS = {"[": b"[\n", "{": b"{\n"}
# A key yaml_rs read as null (``:`` starting a line, an empty key), as the dump writes it: a raw quote
# starts a string, and only a key is followed by ``": "``.
_NULL_KEY = b'"null": '
# orjson's refusal of an integer it cannot write (Python's own limit, 4,300 digits, is PyYAML's too).
_WIDE_INTEGER = "Integer exceeds 64-bit range"
# An escape that may stand for one of the counted characters (all ASCII: ``\x``, ``\u00``, ``\U000000``).
_ESCAPE = re.compile(r"\\(?:x|u00|U000000)([0-9a-fA-F]{2})")
# The same form in the dump, where a backslash is written twice.
_DUMPED_ESCAPE = re.compile(rb"\\\\(?:x|u00|U000000)([0-9a-fA-F]{2})")


#: What fast-path parsers are told about aliases: none may be used (the parse fails and PyYAML reads the
#: text), so every string the fast parser returns stands for text written once, which the counts rely on.
NO_ALIASES = {"max_total_replayed_events": 0, "max_replay_stack_depth": 64, "max_alias_expansions_per_anchor": 0}


def risky_parsed(text: str, data: list[Any]) -> bool:
    """:func:`risky` for a text that passed :func:`~fleetform.yaml_fastpath.prescreen` and that yaml_rs has
    read as ``data`` without expanding any alias (:data:`NO_ALIASES`), without blanking scalars first when
    the text is plainly safe; any doubt is left to :func:`risky`.

    Plainly safe: each of ``!&*?@`%[{`` occurs in the strings yaml_rs read (keys included) exactly as often
    as in the text, plus the escapes that stand for it (so every one is string content: a tag, anchor,
    complex key, indicator, flow collection or comment would be missing from them), but for the openers of
    the empty collections read (``{}``, ``[]``); where another flow collection is left, each line's flow
    collection closes on that line and holds nothing odd (:func:`~fleetform.yaml_fastpath.structure_doubt`,
    which also looks for ``,:`` outside plain values); and no YAML 1.1 scalar that yaml_rs may have read
    otherwise (:func:`_divergent_scalar`), even inside quoted or block scalars."""
    written = tally(text, _COUNTED)
    counted = [char for char in _COUNTED if written[char]]
    flow = bool(written["["] or written["{"])  # until the counts tell otherwise
    dump = None
    if counted and (len(text) >= SMALL or any(char not in _FLOW_OPENERS for char in counted)):
        # (a short text with no counted character but brackets is left to the line-by-line flow check, which
        # costs less there than writing out what yaml_rs read)
        try:
            dump = orjson.dumps(data, option=_DUMP_OPTIONS)
        except TypeError as err:  # orjson.JSONEncodeError
            if str(err) == _WIDE_INTEGER:
                return risky(text)  # no counts: the heuristics decide, as for any text
            return True  # nesting over orjson's 254 levels, a value JSON has no form for: PyYAML reads it
        escaped = _escaped(text, dump)
        if escaped is None:
            return risky(text)
        read = tally_bytes(dump, _COUNTED)
        flow = False
        for char in counted:
            # written but not read as string content: syntax (or a comment)
            unread = written[char] + escaped.get(char, 0) - read[char]
            if char not in _FLOW_OPENERS:
                if unread:
                    return risky(text)
            elif unread + dump.count(_OPENS[char]):
                flow = True  # a flow collection that is not an empty one: checked line by line below
    if structure_doubt(text, flow) and (
        not ("|" in text or ">" in text) or structure_doubt(without_block_scalars(text), flow)
    ):
        return risky(text)
    return _divergent_scalar(text, flow, dump) and risky(text)


def _escaped(text: str, dump: bytes) -> dict[str, int] | None:
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


def _forms(codes: list[str] | list[bytes]) -> dict[str, int] | None:
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


def _divergent_scalar(text: str, flow: bool, dump: bytes | None) -> bool:
    """:func:`yaml11_scalar`, but each match's scalar is resolved as both versions would resolve it if it
    were plain (:func:`_both_strings`): a match both read as a string (``0635B8D3...``, a key
    ``1password.json``) is harmless wherever it is. A line starting with ``:`` (an empty key: PyYAML refuses
    it, yaml_rs reads a null key) is harmless when yaml_rs read no null key (``dump``, written by
    :func:`risky_parsed`, holds no ``"null"`` key)."""
    if not yaml11_scalar(text, flow):
        return False  # (the common case, found by searches that stop at the first match)
    for pattern, searched in scalar_searches(text, flow):
        for match in pattern.finditer(searched):
            token = match.group("token")
            if token is None:
                if dump is None or _NULL_KEY in dump:
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
