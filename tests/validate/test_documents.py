"""The shared manifest reader: both parsers agree, lines are right, bad input gives one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fleetform import documents
from fleetform.documents import DocumentError, iter_documents, read_text
from tests.validate.conftest import FIXTURES

SAME = ["a: 1_000\nb: 0x1F\nc: 0b101\nd: .inf\ne: ~\nf: Null\n", "a: 2024-01-01\nb: 2024-01-01T00:00:00Z\n"]
TRICKY = [
    "a: yes\nb: On\nc: off\n",
    "a: 017\nb: 09\nc: 0o17\n",
    "a: 1:20\nb: 1e3\nc: +.5\nd: 1e+3\n",
    "a: !!binary aGVsbG8=\n",
    "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
    "? [a, b]\n: 1\n",
    "%YAML 1.1\n---\na: 1\n",
    "--- {a: 1}\n",
    "a: 1\n...\n---\nb: 2\n",
    "list: [yes, no, 'on', \"off\"]\n",
    "yes: 1\n",
    "a: @x\n",
    "a: [1, |x]\n",
    "a: {b,: 1}\n",
    "a:\n\t- 1\n",
    "a: {b\n  : 1}\n",
    "---#\na: 1\n",
    ": 1\n",
]
SPLITS = [
    "a: 1\n---\n",
    "---\na: 1",
    "# c\n---\n# x\n---\nb: 2\n",
    "a: 1\n---\n\n\n# hi\nb: [1, 2]\n---   # c\n- x\n",
    "",
    "---\n---\n",
    "a: |\n  ---\n  text\nb: 2\n",
]


def _read(text: str, fast: bool) -> object:
    """Documents and lines as read by ``iter_documents`` (fast) or PyYAML's safe C loader, or the error."""
    try:
        if fast:
            return [(doc.line, doc.data) for doc in iter_documents(Path("f.yaml"), text)]
        return [(doc.line, doc.data) for doc in documents._slow_documents("f", text, strict=False)]
    except DocumentError as err:
        return (err.line, err.problem)


@pytest.mark.parametrize("text", SAME + TRICKY + SPLITS)
def test_fast_path_reads_what_pyyaml_reads(text: str) -> None:
    assert _read(text, fast=True) == _read(text, fast=False)


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_1_1_scalars_take_the_pyyaml_path(text: str) -> None:
    assert documents._fast_documents(text, strict=False) is None


def test_plain_manifests_take_the_fast_path() -> None:
    text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "on"\n---\nkind: X\n'
    assert documents._fast_documents(text, strict=False) == [
        (1, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "on"}}),
        (8, {"kind": "X"}),
    ]


def test_timestamps_stay_strings() -> None:
    docs = list(iter_documents(Path("f.yaml"), "a: 2024-01-01\nb: 2024-01-01T00:00:00Z\nc: !!str 1\n"))
    assert docs[0].data == {"a": "2024-01-01", "b": "2024-01-01T00:00:00Z", "c": "1"}


@pytest.mark.parametrize("text", ["a: 1\nb: 2\na: 3\n", "a: &x 1\nb: 2\na: *x\n"])
def test_strict_rejects_duplicate_keys_on_both_paths(text: str) -> None:
    with pytest.raises(DocumentError) as caught:
        list(iter_documents(Path("f.yaml"), text, strict=True))
    assert (caught.value.line, caught.value.problem) == (3, "duplicate key 'a' (first at line 1)")
    assert [doc.data["a"] for doc in iter_documents(Path("f.yaml"), text)] == [3 if "3" in text else 1]


def test_malformed_yaml_is_a_yaml_error_after_the_good_documents() -> None:
    seen: list[object] = []
    with pytest.raises(yaml.YAMLError) as caught:
        seen.extend(doc.data for doc in iter_documents(Path("f.yaml"), "a: 1\n---\nb: [1, 2\n"))
    assert seen == [{"a": 1}]
    assert isinstance(caught.value, DocumentError)
    assert caught.value.problem == ("malformed YAML: while parsing a flow sequence: did not find expected ',' or ']'")


def test_billion_laughs_is_refused_quickly() -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        levels.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(DocumentError) as caught:
        list(iter_documents(Path("bomb.yaml"), "\n".join(levels) + "\n"))
    assert (caught.value.line, caught.value.problem) == (
        1,
        "YAML aliases expand to over 100000 nodes (a YAML bomb?); write the values out",
    )


def test_deep_nesting_is_refused() -> None:
    text = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 3000))
    with pytest.raises(DocumentError) as caught:
        list(iter_documents(Path("deep.yaml"), text))
    assert caught.value.problem == "malformed YAML: while increasing block level: exceeded maximum nesting depth"


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(100 * 1024 * 1024)
    with pytest.raises(DocumentError) as caught:
        read_text(big)
    assert caught.value.problem == "file is 100.0 MiB, over the 32 MiB limit"


def test_binary_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "bin.yaml").write_bytes(b"a: 1\n\x7fELF\x00\x01")
    (tmp_path / "latin1.yaml").write_bytes(b"a: 1\nname: caf\xe9\n")
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfa: 1\n")
    with pytest.raises(DocumentError) as binary:
        read_text(tmp_path / "bin.yaml")
    with pytest.raises(DocumentError) as latin1:
        read_text(tmp_path / "latin1.yaml")
    assert (binary.value.line, binary.value.problem) == (2, "binary data (NUL byte at offset 9)")
    assert (latin1.value.line, latin1.value.problem) == (2, "not UTF-8 (byte 0xe9 at offset 14)")
    assert read_text(tmp_path / "bom.yaml") == "a: 1\n"


def test_manifest_files_expands_folders_sorted(tmp_path: Path) -> None:
    for name in ("b.yaml", "a/c.yml", "a/d.json", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a: 1\n")
    found = documents.manifest_files([tmp_path, tmp_path / "notes.txt"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/c.yml", "a/d.json", "b.yaml", "notes.txt"]


def test_document_errors_carry_a_pyyaml_style_mark_for_other_callers() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        list(iter_documents(Path("f.yaml"), "a: 1\nb: [\n"))
    mark = getattr(caught.value, "problem_mark", None)
    assert mark is not None and mark.line == 1  # 0-based: the last line, where the flow sequence is left open


def test_fast_path_agrees_with_pyyaml_on_mutated_manifests() -> None:
    """A seeded fuzz: whenever the fast path answers, it answers what PyYAML's safe loader does."""
    import random

    base = (
        (FIXTURES / "manifests" / "mesh.yaml").read_text()
        + "---\n"
        + (FIXTURES / "manifests" / "operators.yaml").read_text()
    )
    rng = random.Random(11)
    inserts = [*":-[]{}&*!|>'\"#%@`?,\n \t0123456789.~=<", "yes", "on", "017", "1:20", "1e3", "+.5", "0o17", "= "]
    answered = 0
    for _ in range(300):
        text = base
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(text))
            text = text[:pos] + rng.choice(inserts) + text[pos + rng.randint(0, 1) :]
        fast = documents._fast_documents(text, strict=True)
        if fast is not None:
            answered += 1
            slow = _read(text, fast=False)
            assert [(line, data) for line, data in fast] == slow, text
    assert answered > 100
