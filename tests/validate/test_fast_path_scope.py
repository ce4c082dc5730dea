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
        # printer columns and patterns of CRDs: brackets, '?' and ',:' inside a one-line plain value are text
        '- jsonPath: .status.conditions[?(@.type=="Ready")].reason\n  name: Status\n',
        "pattern: ^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$\n",
        "path: $.items[?(@.name == 'x')].value\nnext: /a/{b\n",
        # a CEL rule in a single-quoted scalar over lines (brackets, '!', a line starting with ':') beside
        # an empty flow mapping: every bracket but the empty mapping's is string content
        "rules:\n- rule: 'self.all(h, !h.contains(''*'') ? h.matches(''^[a-z]([-a-z0-9]*)?$'')\n"
        "    : true)'\nsubresources:\n  status: {}\nitems: []\n",
        # escape-like text in plain and double-quoted scalars
        'pattern: ^[A-Za-z0-9!#$%&*+\\-.^_\\x60|~]+$\nsep: "\\x60"\n',
        # keys and values both versions read as the same strings
        "1password-credentials.json: |-\n  x\nfp: 0635B8D34037A9453003FB7B93CAA682FF4C9014\nk: '!'\n",
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
        "a: [?b]\n",
        "a: [x,:y]\n",
        "a: {b: [\n  c]}\n",
        "a: |\n  last line without a line break",
    ],
)
def test_syntax_the_parsers_may_read_differently_goes_to_pyyaml(text: str) -> None:
    assert documents._fast_documents(text, True) is None


def test_a_block_scalar_ending_the_file_gets_no_line_break_the_file_lacks() -> None:
    docs = documents.read_documents("t.yaml", "a: |\n  x\n---\nb: |\n  y")
    assert [(d.line, d.data) for d in docs] == [(1, {"a": "x\n"}), (4, {"b": "y"})]


@pytest.mark.parametrize(
    "text",
    [
        # an anchor and an alias whose copies make up for the anchor's missing '&' and '*' in the strings
        "a: &x '*&'\nb: *x\n",
        # a flow sequence over two lines, each line's brackets balanced by a quoted one
        'a: [b, "]"\n  , "[" ]\n',
        # a tag: fewer '!' in the strings than in the text
        "a: !!str 1\n",
        # an escape that makes a counted character
        'a: "\\x21"\nb: !x y\n',
        # an escaped backslash before "x21" reads as the form itself, which would cancel the decoded one
        'a: "\\x5cx21"\nb: "\\x21"\nc: !x y\n',
        # so does a backslash ending a line (a line continuation) before "x21"
        'a: "\\\\\\\n  x21"\nb: "\\x21"\nc: !x y\n',
        # an empty key: yaml_rs reads a null key, PyYAML refuses the line
        "a: '!'\n: 2\n",
        # an alias: yaml_rs is told to refuse any (the counts need each string written once)
        "a: &x b\nc: *x\nd: '&*'\n",
    ],
)
def test_what_the_strings_cannot_vouch_for_goes_to_pyyaml(text: str) -> None:
    assert documents._fast_documents(text, True) is None


@pytest.mark.parametrize("text", ["a: '!'\nmode: 0400\n", "a: '!'\n8080: x\n", "a: '!'\nv: 1e3\n"])
def test_yaml_11_numbers_and_number_keys_still_go_to_pyyaml(text: str) -> None:
    assert documents._fast_documents(text, True) is None


def test_a_large_crd_like_text_takes_the_fast_path_without_blanking_scalars() -> None:
    text = (
        "spec:\n  versions:\n  - additionalPrinterColumns:\n"
        '    - jsonPath: .status.conditions[?(@.type=="Ready")].status\n      name: Ready\n'
        "    schema:\n      openAPIV3Schema:\n        description: |-\n"
        "          A thing! With *stars*, [links] and ? marks @ 50% & more.\n"
        "        properties:\n          host:\n            pattern: ^[a-z]([a-z0-9_,:]*)?$\n"
        "            type: string\n        x-kubernetes-validations:\n"
        "        - rule: '!has(self.a) || self.a == ''b'''\n"
        "          message: a is b\n"
    )
    fast, slow = _both(text)
    assert fast is not None
    assert fast == slow


def test_every_yaml_11_token_starts_with_a_character_the_patterns_check_first() -> None:
    # The scalar patterns reject a candidate whose first character no token starts with before trying the
    # token's alternatives: that check must never reject a token.
    import itertools
    import re

    from fleetform import yaml_fastpath

    alphabet = "YyNnOoEeSsFf=0123456789+-._:xo"
    for length in range(1, 4):
        for chars in itertools.product(alphabet, repeat=length):
            token = "".join(chars)
            if re.fullmatch(yaml_fastpath._TOKEN, token):
                assert re.match(yaml_fastpath._TOKEN_START, token), token
