"""The byte-level scans of :mod:`fleetform.textscan` give exactly the answers of the patterns they replace,
on seeded random texts built from the characters that matter (and some that do not, non-ASCII included)."""

from __future__ import annotations

import json
import random
import re

import pytest

from fleetform import textscan
from fleetform.yaml_fastpath import flow_segments

_ALPHABET = "0123456789[{ \t\nab-:é€\u0085\x01\x7f\x9f\ufffe\U0001f600"


@pytest.fixture(autouse=True, params=[textscan.STEP, 7], ids=["whole", "in-pieces"])
def _step(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs twice: texts scanned whole, and in pieces of 7 characters (runs across pieces)."""
    monkeypatch.setattr(textscan, "STEP", request.param)
    monkeypatch.setattr(textscan, "SMALL", 0 if request.param == 7 else textscan.SMALL)


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 60))) for _ in range(count)]


@pytest.mark.parametrize("length", [1, 3, 10])
def test_digit_run_is_the_pattern_of_that_many_digits(length: int) -> None:
    pattern = re.compile(rf"[0-9]{{{length}}}")
    for text in [*_texts(3000, length), "1" * length, "1" * (length - 1), "\u0661" * length]:
        assert textscan.digit_run(text, length) is (pattern.search(text) is not None), repr(text)


@pytest.mark.parametrize("length", [1, 3, 10])
def test_alnum_run_is_the_pattern_of_that_many_letters_or_digits(length: int) -> None:
    pattern = re.compile(rf"[A-Za-z0-9]{{{length}}}")
    for text in [*_texts(3000, length + 20), "a1" * length, "é" * length, "\u0661" * length]:
        assert textscan.alnum_run(text, length) is (pattern.search(text) is not None), repr(text)


@pytest.mark.parametrize("depth", [2, 3, 5])
def test_flow_run_is_the_pattern_of_openers_with_blanks_between(depth: int) -> None:
    pattern = re.compile(rf"(?:[\[{{][ \t]*){{{depth}}}")
    for text in [*_texts(3000, depth), "[ {\t[" * depth, "[a[" * depth]:
        assert textscan.flow_run(text, depth) is (pattern.search(text) is not None), repr(text)


def test_forbidden_finds_what_the_pattern_finds() -> None:
    for text in [*_texts(3000, 7), "plain ascii\n", "é and €\n", "a\ufffeb", "x\x85y", "\U0001f600", "a\ud800b"]:
        expected = textscan.FORBIDDEN.search(text)
        found = textscan.forbidden(text)
        assert (found and found.start()) == (expected and expected.start()), repr(text)


def test_tally_counts_each_character_as_str_count_does() -> None:
    for text in _texts(500, 11):
        assert textscan.tally(text, "[{:") == {char: text.count(char) for char in "[{:"}


def test_json_number_run_finds_numbers_where_values_start() -> None:
    def dump(data: object) -> str:
        return json.dumps(data, separators=("\n", "\x01"))

    for data, wide in [
        ({"a": 1234567890}, True),
        ({"a": [1, -12345678901]}, True),
        ({"a": {"b": [[9999999999]]}}, True),
        ({"a": "1234567890"}, False),
        ({"a": 123456789, "b": "x" * 30}, False),
    ]:
        assert textscan.json_number_run(dump(data), 10) is wide, data


def test_flow_segments_are_what_the_line_pattern_finds() -> None:
    pattern = re.compile(r"[\[{].*")  # from a line's first bracket to its end
    for text in [*_texts(3000, 13), "a: [b]\nc: {d}\n", "[" * 50, "x\n{\n[", "\n\n]"]:
        expected = [(text.rfind("\n", 0, m.start()) + 1, m.start(), m.end()) for m in pattern.finditer(text)]
        assert list(flow_segments(text)) == expected, repr(text)
