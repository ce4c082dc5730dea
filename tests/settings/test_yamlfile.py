"""The settings reader takes plain YAML only, bounded in size, nesting and aliases: every hostile file gives
one located line, at once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings.yamlfile import MAX_ALIAS_NODES, parse_settings_text, read_settings_file

#: Nine anchors, each a list of nine aliases of the one before: 9**9 strings once expanded.
ALIAS_BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{new}: &{new} [{', '.join([f'*{old}'] * 9)}]\n" for old, new in zip("abcdefgh", "bcdefghi", strict=True)
)


def _error(text: str) -> str:
    with pytest.raises(UserError) as info:
        parse_settings_text(text, "s.yaml")
    return info.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: a\x07b\n", "s.yaml:1: control character U+0007 in the text; expected printable text (YAML)"),
        ('name: "a\\ab"\n', "s.yaml:1: name: control character U+0007 in 'a\\x07b'; expected printable text"),
        ("name: !foo bar\n", "s.yaml:1: name: tag '!foo'; expected plain YAML values (no tags)"),
        (
            "name: !!python/object:os.system x\n",
            "s.yaml:1: name: tag 'tag:yaml.org,2002:python/object:os.system'; expected plain YAML values (no tags)",
        ),
        ("a: !!binary aGVsbG8=\n", "s.yaml:1: a: tag 'tag:yaml.org,2002:binary'; expected plain YAML values (no tags)"),
        (
            "base: &b {x: 1}\nother:\n  <<: *b\n",
            "s.yaml:3: other: merge key '<<'; expected the keys written out (merge keys are not supported)",
        ),
        ("? [a, b]\n: 1\n", "s.yaml:1: a list or mapping as a key; expected a plain string key"),
        ("a: &x k\n*x : 1\n", "s.yaml:2: alias *x as a key; expected a plain string key"),
        ("a: *nope\n", "s.yaml:1: a: alias *nope names no complete anchor; expected an anchor defined before"),
        ("a: 1\n---\nb: 2\n", "s.yaml:2: a second YAML document; expected one document per settings file"),
        ("a: 1\na: 2\n", "s.yaml:2: a: duplicate key; expected each key once"),
        ("a: !!float x\n", "s.yaml:1: a: 'x' is not a number; expected a number"),
        ("a: 2001-13-45\n", "s.yaml:1: a: '2001-13-45' is not a date; expected a date"),
        (
            "a: " + "9" * 5000 + "\n",
            f"s.yaml:1: a: {'9' * 60!r}… (5000 characters) has over 4300 characters; expected an integer",
        ),
        ("a: [1, 2\n", "s.yaml:2: invalid YAML: expected ',' or ']', but got '<stream end>'; expected valid YAML"),
    ],
    ids=[
        "bel-byte",
        "escaped-bel",
        "local-tag",
        "python-tag",
        "binary-tag",
        "merge-key",
        "complex-key",
        "alias-key",
        "unknown-alias",
        "two-documents",
        "duplicate-key",
        "bad-float",
        "bad-date",
        "4301-digit-int",
        "unclosed-list",
    ],
)
def test_hostile_yaml_gives_one_located_line(text: str, message: str) -> None:
    assert _error(text) == message


def test_ten_thousand_levels_are_refused_at_level_33() -> None:
    start = time.perf_counter()
    message = _error("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert message == (
        f"s.yaml:1: a{'[0]' * 31}: nested more than 32 levels deep; expected the settings schema's shape"
    )
    assert time.perf_counter() - start < 1


def test_alias_bomb_is_refused_at_once() -> None:
    start = time.perf_counter()
    assert _error(ALIAS_BOMB) == (
        f"s.yaml:5: e[0]: aliases expand to over {MAX_ALIAS_NODES} values; "
        "expected fewer aliases (the values written out)"
    )
    assert time.perf_counter() - start < 1


def test_a_few_aliases_are_read() -> None:
    data = parse_settings_text("a: &r {min: 1, max: 3}\nb: *r\n", "s.yaml").data
    assert data == {"a": {"min": 1, "max": 3}, "b": {"min": 1, "max": 3}}


def test_a_50_mb_value_is_refused_by_size_in_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 50_000_000 + "\n")
    with pytest.raises(UserError) as info:
        read_settings_file(path, "big.yaml")
    assert info.value.message == "big.yaml: file is over 256 KiB; expected a settings file of at most that"


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(UserError) as info:
        read_settings_file(path, "s.yaml")
    assert info.value.message == "s.yaml:2: file is not UTF-8 text; expected a UTF-8 YAML file"


def test_lines_point_at_keys() -> None:
    read = parse_settings_text("# c\napi:\n  replicas:\n    max: 3\nzones: [a, b]\n", "s.yaml")
    assert read.data == {"api": {"replicas": {"max": 3}}, "zones": ["a", "b"]}
    assert [read.line(p) for p in (("api",), ("api", "replicas", "max"), ("zones", 1))] == [2, 4, 5]
