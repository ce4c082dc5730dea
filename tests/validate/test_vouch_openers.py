"""What the vouching check reads from its dump of what yaml_rs read: a bracket ending a line opens a list or
mapping that is not empty, and ``"null": `` is a null key, whatever the strings hold."""

from __future__ import annotations

import random
from typing import Any

import orjson

from fleetform.textscan import tally_bytes
from fleetform.yaml_vouch import _DUMP_OPTIONS, _NULL_KEY, _OPENS

# String pieces chosen to look like the dump's own structure: brackets, line breaks, quotes, separators.
_PIECES = ["[", "{", "]", "}", "[]", "{}", "\n", '"', '": ', "null", "\\", ",", " ", "", "a", "\r\n", "[\n"]


def _string(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth > 5 or roll < 0.3:
        return rng.choice([_string(rng), rng.randint(-5, 99), True, None, 1.5])
    if roll < 0.65:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = [_string(rng), rng.randint(0, 9), None, True]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _walk(value: Any, found: dict[str, int]) -> None:
    if isinstance(value, list):
        found["["] += bool(value)
        for item in value:
            _walk(item, found)
    elif isinstance(value, dict):
        found["{"] += bool(value)
        found["null keys"] += any(key is None or key == "null" for key in value)
        for item in value.values():
            _walk(item, found)


def test_lines_ending_in_a_bracket_are_the_collections_that_are_not_empty() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        data = [_value(rng, 0) for _ in range(rng.randint(1, 3))]
        dump = orjson.dumps(data, option=_DUMP_OPTIONS)
        found = {"[": 0, "{": 0, "null keys": 0}
        _walk(data, found)
        assert {char: dump.count(_OPENS[char]) for char in "[{"} == {"[": found["["], "{": found["{"]}, dump
        assert (_NULL_KEY in dump) == bool(found["null keys"]), dump


def test_tally_bytes_counts_each_character() -> None:
    rng = random.Random(5)
    for size in (0, 10, 5000, 70000):
        data = bytes(rng.choice(b"!&*?@`%[{ab\n") for _ in range(size))
        assert tally_bytes(data, "!&*?@`%[{") == {char: data.count(char.encode()) for char in "!&*?@`%[{"}


def test_the_wide_integer_refusal_is_told_by_orjsons_own_message() -> None:
    # A text with an integer over 64 bits is left to the heuristics (PyYAML refuses integers of over 4,300
    # digits, which the fast path reads): the message is how the vouching check tells that refusal apart.
    from fleetform.yaml_vouch import _WIDE_INTEGER

    for wide in (2**64, -(2**63) - 1, 10**5000):
        try:
            orjson.dumps([{"a": wide}], option=_DUMP_OPTIONS)
        except TypeError as err:
            assert str(err) == _WIDE_INTEGER
        else:
            raise AssertionError(f"orjson wrote {str(wide)[:20]}")
