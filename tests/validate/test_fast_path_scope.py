"""What the fast parser may take: block scalars, one-line quoted scalars and '!' inside plain scalars are
strings in YAML 1.1 and 1.2 alike; tags, anchors and YAML 1.1 plain values still go to PyYAML."""

from __future__ import annotations

import pytest

from fleetform import documents


def _both(text: str) -> tuple[object, object]:
    fast = documents._fast_documents(text, True)
    slow = [(d.line, d.data) for d in documents._slow_documents("t.yaml", text, True)]
    return fast, slow


@pytest.mark.parametrize(
    "text",
    [
        "spec:\n  expression: |\n    !has(object.x) && object.y[0] == 'a' ? {} : [1, 2]\n  next: 1\n",
        "rules:\n- |-\n  a: on\n  b: !tag\n- plain\n",
        "expression: '!(object.kind == ''Pod'')'\nmessage: \"a: on, b: [1\"\n",
        "expression: object.kind != 'Pod' || object.?spec.orValue(true) == false\n",
        "items: ['!x', \"&y\"]\n",
    ],
)
def test_string_content_takes_the_fast_path_and_reads_the_same(text: str) -> None:
    fast, slow = _both(text)
    assert fast is not None
    assert fast == slow


@pytest.mark.parametrize(
    "text",
    [
        "a: !tag value\n",
        "a: &anchor 1\nb: *anchor\n",
        "enabled: on\n",
        "key: |\n  text\nafter: off\n",
        "- !!str 1\n",
        "a: 'x\x85y'\n",
        "a: x\u2028y\n",
    ],
)
def test_syntax_the_parsers_may_read_differently_goes_to_pyyaml(text: str) -> None:
    assert documents._fast_documents(text, True) is None
