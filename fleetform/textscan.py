"""Whole-text scans done by ``bytes.translate`` and a substring search instead of a regular expression.

A pattern that starts with a character class (``[0-9]{10}``, ``(?:[\\[{][ \\t]*){32}``) makes Python's
regular expression engine try every position of the text; on 36 MB of real manifests that is 0.3-0.9 s a
pattern. Mapping the text's UTF-8 bytes through a 256-byte table (every byte of interest to one letter,
every other byte to another) and searching for a run of that letter is two passes in C, about 10x faster.
Non-ASCII characters encode to bytes >= 0x80, which no table here marks, so the answers are exactly the
patterns' (``[0-9]`` and the brackets are ASCII). Each function says which pattern it stands for; the tests
compare them on generated texts. It pays on short texts too: on 560-character manifests, 1.0 us against the
regular expression's 7.6 us for ``[0-9]{10}``, 0.7 against 3.1 us for the forbidden characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Texts shorter than this are tallied with ``str.count`` for each character (on a 560-character manifest
#: 3.9 us against 5.1 us for encoding and translating; on a 100 KB CRD definition the translation wins).
SMALL = 4096

_DIGITS = bytes(ord("0") if ord("0") <= byte <= ord("9") else ord("x") for byte in range(256))
_DIGITS_OR_UNDERSCORES = bytes(ord("0") if byte in b"0123456789_" else ord("x") for byte in range(256))
# For JSON dumps written with the separators ``\n`` and ``\x01``: a number starts the dump or follows one of
# them or ``[`` (``p``); its digits map to ``0``, a minus sign to itself.
_JSON_NUMBERS = bytes(
    ord("0")
    if ord("0") <= byte <= ord("9")
    else ord("p")
    if byte in b"\n\x01["
    else byte
    if byte == ord("-")
    else ord("x")
    for byte in range(256)
)
_ALNUM = bytes(ord("a") if bytes([byte]).isalnum() else ord("x") for byte in range(256))  # ASCII letters, digits
_OPENERS = bytes(ord("o") if byte in b"[{" else ord("x") for byte in range(256))
_BLANKS = b" \t"

# What YAML forbids in a stream: C0 controls but tab, LF and CR; DEL; C1 controls but NEL; surrogates and
# the two non-characters (U+FFFE, U+FFFF).
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: Every byte but the ASCII ones YAML forbids: deleting them leaves only forbidden ASCII bytes.
_ALLOWED_BYTES = bytes(byte for byte in range(256) if byte in b"\t\n\r" or 0x20 <= byte < 0x7F or byte >= 0x80)


#: Texts are mapped this many characters at a time, so a scan's temporary bytes stay within a few MiB
#: whatever the text's size (a 30 MB scalar would otherwise cost two 30 MB copies at once).
STEP = 1 << 20


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _mapped(text: str, table: bytes | None, delete: bytes = b"", carry: int = 0) -> Iterator[bytes]:
    """``text``'s UTF-8 bytes through ``table`` (``bytes.translate``), :data:`STEP` characters at a time;
    each piece starts with the last ``carry`` bytes of the one before, so a run up to ``carry + 1`` long
    that crosses a boundary is whole in one piece."""
    tail = b""
    for start in range(0, len(text), STEP):
        piece = tail + _utf8(text[start : start + STEP]).translate(table, delete)
        yield piece
        tail = piece[max(0, len(piece) - carry) :] if carry else b""


def _has_run(text: str, table: bytes, run: bytes, delete: bytes = b"") -> bool:
    if len(text) <= STEP:  # one piece (nearly every manifest): no generator
        return run in _utf8(text).translate(table, delete)
    return any(run in piece for piece in _mapped(text, table, delete, len(run) - 1))


def digit_run(text: str, length: int, *, underscores: bool = False) -> bool:
    """Whether ``text`` holds ``length`` ASCII digits in a row (the pattern ``[0-9]{length}``; with
    ``underscores``, ``[0-9_]{length}``: YAML 1.1 integers may group digits with ``_``)."""
    return _has_run(text, _DIGITS_OR_UNDERSCORES if underscores else _DIGITS, b"0" * length)


def alnum_run(text: str, length: int) -> bool:
    """Whether ``text`` holds ``length`` ASCII letters or digits in a row (the pattern
    ``[A-Za-z0-9]{length}``)."""
    return _has_run(text, _ALNUM, b"a" * length)


#: ``json.dumps`` separators for the dumps read here and by :mod:`fleetform.validate.ranges`: characters a JSON
#: string never holds raw (it escapes control characters), so what follows one of them is the dump's
#: structure (a value or a key), never string content.
JSON_SEPARATORS = ("\n", "\x01")


def json_number_run(dump: str, length: int) -> bool:
    """Whether a JSON text written with :data:`JSON_SEPARATORS` may hold a number of ``length``
    digits or more: digits right after a separator or ``[`` (where values start; a JSON string never holds a
    raw separator, so only a ``[`` inside a string can make a false hit), or starting the text."""
    run = b"0" * length
    return any(
        b"p" + run in piece or b"p-" + run in piece for piece in _mapped("\n" + dump, _JSON_NUMBERS, carry=length + 1)
    )


def flow_run(text: str, depth: int) -> bool:
    """Whether ``text`` holds ``depth`` flow openers (``[`` or ``{``) in a row, blanks allowed between them
    (the pattern ``(?:[\\[{][ \\t]*){depth}``): deleting blanks joins exactly the openers it allows."""
    return _has_run(text, _OPENERS, b"o" * depth, _BLANKS)


def forbidden(text: str) -> re.Match[str] | None:
    """The first character YAML forbids in ``text`` (the match of :data:`FORBIDDEN`), or ``None``. Nearly
    every text is clean: that is proved on its bytes (no forbidden ASCII byte is left after deleting the
    others, and no UTF-8 lead that can start a forbidden non-ASCII character is present) without a match."""
    for start in range(0, len(text), STEP):
        raw = _utf8(text[start : start + STEP])  # (the whole text, not a copy, when it is one piece)
        if raw.translate(None, _ALLOWED_BYTES) or (
            not raw.isascii() and (b"\xc2" in raw or b"\xed" in raw or b"\xef\xbf" in raw)
        ):  # C1 controls encode as C2 80-9F, surrogates as ED A0-BF, U+FFFE/U+FFFF as EF BF BE/BF
            return FORBIDDEN.search(text, start)
    return None


_KEEP_ONLY: dict[str, bytes] = {}


def _deletion(chars: str) -> bytes:
    """Every byte but those of the ASCII characters ``chars`` (``bytes.translate``'s ``delete``), cached."""
    delete = _KEEP_ONLY.get(chars)
    if delete is None:
        keep = chars.encode("ascii")
        delete = _KEEP_ONLY[chars] = bytes(byte for byte in range(256) if byte not in keep)
    return delete


def tally(text: str, chars: str) -> dict[str, int]:
    """How often each of the ASCII characters ``chars`` occurs in ``text`` (``text.count`` for each, in one
    pass over the text: the bytes of every other character are deleted first)."""
    if len(text) < SMALL:
        return {char: text.count(char) for char in chars}
    delete = _deletion(chars)
    counts = dict.fromkeys(chars, 0)
    for kept in _mapped(text, None, delete):
        for char in chars:
            counts[char] += kept.count(ord(char))
    return counts


def tally_bytes(data: bytes, chars: str) -> dict[str, int]:
    """:func:`tally` for bytes (a JSON dump): the bytes of every other character deleted, then counted."""
    if len(data) < SMALL:
        return {char: data.count(ord(char)) for char in chars}
    kept = data.translate(None, _deletion(chars))
    return {char: kept.count(ord(char)) for char in chars}
