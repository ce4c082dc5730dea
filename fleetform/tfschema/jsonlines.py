"""Parse JSON and remember the line of every value, for findings that point into ``cdk.tf.json``."""

from __future__ import annotations

import json
import re
from typing import Any

JsonPath = tuple[str | int, ...]

#: Deepest nesting read (a synthesized stack is ~10 levels deep); deeper input is refused, never recursed into.
MAX_DEPTH = 200
#: Lines are recorded for values this deep at most: findings point at the nearest recorded parent, and the
#: table stays a few entries per value of the top levels, not one path per value of any depth.
LINE_DEPTH = 12
#: Longest number read (Python converts at most 4,300 digits of an integer).
MAX_NUMBER = 4300

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class JsonLinesError(ValueError):
    """Malformed JSON, with the 1-based line where parsing stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[JsonPath, int] = {}
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self) -> int:
        lo, hi = 0, len(self.newlines)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.newlines[mid] < self.pos:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    def fail(self, what: str) -> JsonLinesError:
        return JsonLinesError(f"invalid JSON: {what}", self.line())

    def skip(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self, path: JsonPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep")
        self.skip()
        if depth <= LINE_DEPTH:
            self.lines[path] = self.line()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self.obj(path, depth)
        if char == "[":
            return self.array(path, depth)
        if char == '"':
            return self.string()
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return literal
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise self.fail(f"unexpected {char!r}" if char else "unexpected end of file")
        number = match.group()
        if len(number) > MAX_NUMBER:
            raise self.fail(f"a number of {len(number)} characters (at most {MAX_NUMBER})")
        self.pos = match.end()
        return float(number) if any(c in number for c in ".eE") else int(number)

    def string(self) -> str:
        try:
            text, self.pos = json.decoder.scanstring(self.text, self.pos + 1)  # type: ignore[attr-defined]
        except json.JSONDecodeError as err:
            self.pos = err.pos
            raise self.fail(err.msg) from None
        return str(text)

    def expect(self, char: str) -> None:
        self.skip()
        if self.text[self.pos : self.pos + 1] != char:
            raise self.fail(f"expected {char!r}")
        self.pos += 1

    def obj(self, path: JsonPath, depth: int) -> dict[str, Any]:
        self.pos += 1
        out: dict[str, Any] = {}
        self.skip()
        if self.text[self.pos : self.pos + 1] == "}":
            self.pos += 1
            return out
        while True:
            self.skip()
            if self.text[self.pos : self.pos + 1] != '"':
                raise self.fail("expected a string key")
            key = self.string()
            self.expect(":")
            out[key] = self.value((*path, key), depth + 1)
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == "}":
                return out
            if char != ",":
                self.pos -= 1
                raise self.fail("expected ',' or '}'")

    def array(self, path: JsonPath, depth: int) -> list[Any]:
        self.pos += 1
        out: list[Any] = []
        self.skip()
        if self.text[self.pos : self.pos + 1] == "]":
            self.pos += 1
            return out
        while True:
            out.append(self.value((*path, len(out)), depth + 1))
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == "]":
                return out
            if char != ",":
                self.pos -= 1
                raise self.fail("expected ',' or ']'")


def parse_with_lines(text: str) -> tuple[Any, dict[JsonPath, int]]:
    """``(value, {json path: line})``; raises :class:`JsonLinesError` on malformed input."""
    parser = _Parser(text)
    value = parser.value((), 0)
    parser.skip()
    if parser.pos != len(text):
        raise parser.fail("extra data after the document")
    return value, parser.lines
