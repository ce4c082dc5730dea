"""The Kubernetes CEL libraries and the CEL semantics the issue lists, evaluated through the adapter."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform.cel.env import CelEngine, CompileError, Outcome

ENGINE = CelEngine()
OBJECT = {"l": [3, 1, 2], "s": "abc", "cpu": "500m", "mem": "1Gi", "spec": {"replicas": 3}}


def run(source: str) -> Outcome:
    return ENGINE.compile(source).run(ENGINE.activation({"object": OBJECT}))


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("quantity('1') == quantity('1000m')", True),
        ("quantity(object.cpu).isLessThan(quantity('1'))", True),
        ("quantity(object.mem).asInteger()", 1073741824),
        ("quantity('1.5').isInteger()", False),
        ("quantity('2').add(3).compareTo(quantity('5'))", 0),
        ("quantity('5Gi').sub(quantity('1Gi')).isGreaterThan(quantity('4G'))", True),
        ("quantity('-1').sign()", -1),
        ("quantity('1k').asApproximateFloat()", 1000.0),
        ("isQuantity('1X')", False),
        ("isQuantity('1e3')", True),
        ("object.l.isSorted()", False),
        ("[1, 2, 2].isSorted()", True),
        ("object.l.sum()", 6),
        ("[1.5, 2.0].sum()", 3.5),
        ("[].sum()", 0),
        ("object.l.min()", 1),
        ("object.l.max()", 3),
        ("object.l.indexOf(2)", 2),
        ("['a', 'b', 'a'].lastIndexOf('a')", 2),
        ("object.s.indexOf('c')", 2),
        ("object.s.find('b.')", "bc"),
        ("'a1b22'.findAll('[0-9]+')", ["1", "22"]),
        ("'a1b22'.findAll('[0-9]+', 1)", ["1"]),
        ("url('https://a.example:8443/x?y=1&y=2').getPort()", "8443"),
        ("url('https://a.example:8443/x?y=1&y=2').getQuery()", {"y": ["1", "2"]}),
        ("url('https://[::1]:80/p').getHostname()", "::1"),
        ("url('/absolute/path').getEscapedPath()", "/absolute/path"),
        ("isURL('not a url')", False),
        ("'%s has %d items'.format(['l', 3])", "l has 3 items"),
        ("'a,b,c'.split(',', 2)", ["a", "b,c"]),
        ("'Hello'.lowerAscii() + 'x'.upperAscii()", "helloX"),
        ("'  t '.trim().charAt(0)", "t"),
        ("['x', 'y'].join('-')", "x-y"),
        ("'abcd'.substring(1, 3)", "bc"),
        ("object.?missing.?deeper.orValue('d')", "d"),
        ("cidr('10.0.0.0/8').containsIP('10.1.2.3')", True),
        ("cidr('10.0.0.0/8').containsCIDR(cidr('10.1.0.0/16'))", True),
        ("cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8')", True),
        ("cidr('0.0.0.0/0').prefixLength()", 0),
        ("ip('::1').family() == 6 && ip('::1').isLoopback()", True),
        ("isIP('::ffff:1.2.3.4') || isCIDR('10.0.0.0/33')", False),
        ("sets.contains([1, 2, 3], [2, 3.0])", True),
        ("sets.equivalent([1, 2], [2, 1, 1])", True),
        ("sets.intersects(['a'], ['b'])", False),
        ("object.spec[?'replicas'].hasValue()", True),
        ("object.spec.replicas == 3.0", True),
        ("has(object.missing)", False),
        ("object.missing.x || true", True),
        ("object.l.exists(x, object.missing.y || x == 3)", True),
    ],
)
def test_library_values(source: str, value: Any) -> None:
    assert run(source) == Outcome(value=value)


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("has(object.missing.x)", 'NOT_FOUND: Key not found in map : "missing"'),
        ("object.l.all(x, object.missing.y || x > 5)", 'NOT_FOUND: Key not found in map : "missing"'),
        ("quantity('1.5').asInteger()", "OUT_OF_RANGE: cannot convert value to integer"),
        (
            "quantity('1X').sign()",
            "OUT_OF_RANGE: quantities must match the regular expression "
            "'([+-]?)(\\d+(?:\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d+)?'",
        ),
        ("[].min()", "OUT_OF_RANGE: min called on empty list"),
    ],
)
def test_errors_are_values(source: str, error: str) -> None:
    assert run(source) == Outcome(error=error)


def test_compile_errors_are_one_line() -> None:
    with pytest.raises(CompileError) as info:
        ENGINE.compile("object.spec.?[x]")
    assert str(info.value) == "1:14: Syntax error: extraneous input '[' expecting {IDENTIFIER, ESC_IDENTIFIER}"
