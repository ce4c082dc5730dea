"""parse_with_lines: the same values as json.loads, plus the line of every value."""

from __future__ import annotations

import json

import pytest

from fleetform.tfschema.jsonlines import JsonLinesError, parse_with_lines

TEXT = '{\n  "a": [\n    1,\n    {"b": -2.5e1, "c": "x\\"y"}\n  ],\n  "d": null,\n  "e": true\n}\n'


def test_values_and_lines() -> None:
    value, lines = parse_with_lines(TEXT)
    assert value == json.loads(TEXT)
    assert lines == {
        (): 1,
        ("a",): 2,
        ("a", 0): 3,
        ("a", 1): 4,
        ("a", 1, "b"): 4,
        ("a", 1, "c"): 4,
        ("d",): 6,
        ("e",): 7,
    }


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"a": 1,\n}', "invalid JSON: expected a string key", 2),
        ('{"a" 1}', "invalid JSON: expected ':'", 1),
        ("[1,\n2\n", "invalid JSON: expected ',' or ']'", 3),
        ("", "invalid JSON: unexpected end of file", 1),
        ("[" * 300, "invalid JSON: nested more than 200 levels deep", 1),
        ('"\\x"', "invalid JSON: Invalid \\escape", 1),
        ("9" * 4301, "invalid JSON: a number of 4301 characters (at most 4300)", 1),
    ],
)
def test_errors_carry_the_line(text: str, message: str, line: int) -> None:
    with pytest.raises(JsonLinesError) as caught:
        parse_with_lines(text)
    assert (str(caught.value), caught.value.line) == (message, line)
