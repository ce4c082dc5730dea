"""Every input error is one result for its document, never a crash; time and memory grow with the input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fleetform import documents, yaml_fastpath
from fleetform.documents import DocumentError, read_each
from tests.validate.conftest import Validate


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("!!int abc", "int 'abc' is not an int; expected a value of its tag's type, or no tag"),
        ("!!float abc", "float 'abc' is not a float; expected a value of its tag's type, or no tag"),
        ("!!timestamp abc", "timestamp 'abc' is not a timestamp; expected a value of its tag's type, or no tag"),
    ],
)
def test_wrong_tags_are_located_errors(value: str, problem: str) -> None:
    found = list(read_each("f.yaml", f"a: 1\n---\nb: {value}\n---\nc: 3\n"))
    assert [d.problem if isinstance(d, DocumentError) else d.data for d in found] == [{"a": 1}, problem, {"c": 3}]
    assert [d.line for d in found] == [1, 3, 5]


def test_a_timestamp_tag_stays_text() -> None:
    (doc,) = read_each("f.yaml", "a: !!timestamp 2024-01-01\n")
    assert not isinstance(doc, DocumentError) and doc.data == {"a": "2024-01-01"}


def test_a_control_character_is_refused_by_both_parsers_alike() -> None:
    fast = "a: x\x01y\n"  # the fast path would read this file
    slow = "a: x\x01y\nb: on\n"  # `on` sends this one to PyYAML
    assert yaml_fastpath.risky(slow) and not yaml_fastpath.risky(fast)
    for text in (fast, slow):
        (error,) = read_each("f.yaml", text)
        assert isinstance(error, DocumentError)
        assert (error.line, error.problem) == (
            1,
            "control character U+0001 at column 5; expected printable text (write it as an escape, e.g. "
            "\\u0001, in a double-quoted string)",
        )


def _replicas(tmp_path: Path, written: str) -> None:
    (tmp_path / "d.yaml").write_text(
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: a}}\nspec:\n  replicas: {written}\n"
        "  selector: {}\n  template: {}\n"
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("99999999999999999999", "99999999999999999999"),
        # hexadecimal and underscore-grouped integers are integers too (YAML 1.1 and yaml_rs read both)
        ("0x1FFFFFFFF", "8589934591"),
        ("8_589_934_591", "8589934591"),
        # Python refuses to print an integer over 4,300 digits (a fuzz crash): the message gives its size
        ("9" * 5000, "an integer of about 5001 digits"),
    ],
)
def test_an_integer_over_int32_is_out_of_range_whatever_its_notation(
    validate: Validate, tmp_path: Path, written: str, shown: str
) -> None:
    _replicas(tmp_path, written)
    assert validate("-strict", "d.yaml", cwd=tmp_path) == (
        1,
        f"d.yaml:5: apps/v1 Deployment a is invalid: spec.replicas: {shown} is out of range for int32 "
        "(-2147483648 to 2147483647)\n",
        "",
    )


def test_an_integer_of_thousands_of_digits_is_shown_by_its_size_in_json(validate: Validate, tmp_path: Path) -> None:
    _replicas(tmp_path, "9" * 5000)
    code, out, err = validate("-strict", "-output", "json", "d.yaml", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert "an integer of about 5001 digits is out of range for int32" in out


def test_a_long_kind_is_an_error_shown_shortened(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "k.yaml").write_text(f"apiVersion: v1\nkind: {'K' * 300}\nmetadata: {{name: a}}\n")
    kind = "K" * 63 + "..."
    assert validate("k.yaml", cwd=tmp_path) == (
        1,
        f"k.yaml:1: v1 {kind} a failed validation: could not find schema for {kind}; expected a kind the bundled "
        "schemas or a -schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n",
        "",
    )


def test_a_batch_reports_every_file_after_a_bad_one(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: !!int abc\n")
    (tmp_path / "b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: 1}\n")
    assert validate("-summary", "a.yaml", "missing.yaml", "b.yaml", cwd=tmp_path) == (
        1,
        "a.yaml:1: failed validation: int 'abc' is not an int; expected a value of its tag's type, or no tag\n"
        "missing.yaml: failed validation: no such file or folder; expected a manifest file, a folder or -\n"
        "b.yaml:4: v1 ConfigMap b is invalid: data.k: 1 is not of type string\n"
        "Summary: 3 resources found in 3 files - Valid: 0, Invalid: 1, Errors: 2, Skipped: 0\n",
        "",
    )


@pytest.mark.parametrize(
    "value",
    [
        "a" + "[" * 100_000,  # an unclosed flow on one line
        "a |" * 100_000,  # block-scalar-like text on one line
        "[" * 50_000 + "]" * 50_000,  # deep flow
        '"' + "x" * 3_000_000 + '"',  # a long quoted scalar
    ],
)
def test_the_parser_choice_is_linear(value: str) -> None:
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata:\n  k: {value}\n"
    start = time.perf_counter()
    yaml_fastpath.risky(text)
    list(read_each("f.yaml", text))
    assert time.perf_counter() - start < 5  # seconds; quadratic versions took minutes


def test_nesting_is_capped() -> None:
    text = "a:\n" + "".join(f"{'  ' * i}- \n" for i in range(1, 600))
    found = list(documents.read_each("f.yaml", text))
    assert [type(d).__name__ for d in found] == ["DocumentError"]
