"""Objects the API server or CEL would refuse are bad input for policies: one located line per file, never a
crash of the CEL library (a 5,000-digit integer used to end the process with a segmentation fault)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.policy.api import check_paths
from fleetform.policy.shapes import value_problem

HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: ml-dev\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            HEAD + "big: " + "9" * 5000 + "\n",
            "a.yaml:1: big: an integer of about 5001 digits is outside the signed 64-bit integers; "
            "expected values the API server and CEL take",
        ),
        (
            HEAD + "data: {n: 9223372036854775808}\n",
            "a.yaml:1: data.n: 9223372036854775808 is outside the signed 64-bit integers; "
            "expected values the API server and CEL take",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: 1.5\n",
            "a.yaml:1: metadata: 1.5 is not a mapping; expected what the API server takes (see the object's schema)",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: [a]}\n",
            "a.yaml:1: metadata.labels: ['a'] is not a mapping; expected what the API server takes "
            "(see the object's schema)",
        ),
        (
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, annotations: {a: {b: c}}}\n",
            "a.yaml:1: metadata.annotations: 'a': {'b': 'c'} is not a string to a string; expected what the API "
            "server takes (see the object's schema)",
        ),
        (
            "apiVersion: v1\nkind: [ConfigMap]\nmetadata: {name: x}\n",
            "a.yaml:1: kind: ['ConfigMap'] is not a string; expected what the API server takes (see the object's "
            "schema)",
        ),
    ],
    ids=["5000-digits", "over-int64", "metadata-number", "labels-list", "annotation-mapping", "kind-list"],
)
def test_object_cel_cannot_hold_is_one_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_text(text)
    Path("b.yaml").write_text(HEAD + "data: {k: v}\n")
    report = check_paths([Path("a.yaml"), Path("b.yaml")], only=["k8s-required-labels"])
    assert report.errors == (message,)
    assert [f.file for f in report.findings] == ["b.yaml"]  # the other file is checked


def test_values_that_contain_themselves_or_nest_too_deep() -> None:
    loop: list[object] = []
    loop.append(loop)
    deep: object = 0
    for _ in range(300):
        deep = [deep]
    assert value_problem({"a": loop}) == ("a[0]", "contains itself (a recursive alias)")
    assert value_problem({"a": deep}) == ("a" + "[0]" * 33 + "…" + "[0]" * 33, "nested more than 200 levels deep")
