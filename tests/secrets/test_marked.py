"""The document scan searches a document's strings together (:func:`fleetform.secrets.scan._marked`): every
string in which a detector's marker or the assignment rule's words may be found is among those it marks,
so that the joined search finds what a search of each string would."""

from __future__ import annotations

import random

from fleetform.secrets.rules import KEY_WORDS, MARKERS, may_hold_format
from fleetform.secrets.scan import _JOINED_MAX, _marked


def _searched_one_by_one(values: list[str]) -> set[int]:
    return {i for i, value in enumerate(values) if may_hold_format(value) or KEY_WORDS.search(value.lower())}


def test_exactly_the_strings_with_a_marker_or_a_word_are_marked() -> None:
    values = [
        "plain",
        "postgres://db",  # a URL
        "my-SECRET-name",  # a lowered marker, any case
        "AKIA",  # a format's prefix
        "aki\na",  # a line break inside does not make a marker
        "api",  # a word split over two strings ...
        "key",  # ... is not one
        "Password=x",
        "",
    ]
    assert _marked(values) == {1, 2, 3, 7} == _searched_one_by_one(values)


def test_long_strings_are_marked_without_a_search() -> None:
    assert _marked(["x" * _JOINED_MAX, "plain", "token"]) == {0, 2}


def test_a_lowercase_of_another_length_marks_every_string() -> None:
    # "İ" lowercases to two characters: offsets in the lowercase would point at the wrong string
    assert _marked(["\u0130", "plain", "x"]) == {0, 1, 2}


def test_random_strings_marked_as_searched_one_by_one() -> None:
    rng = random.Random(7)
    pieces = [*MARKERS, "secret", "SeCrEt", "accountKEY=", "pass", "word", "api key", "api_key", "\n", "a", ":", "K"]
    for _ in range(300):
        values = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 12))]
        assert _marked(values) >= _searched_one_by_one(values), values
