"""Canonical program bytes: the same expression serializes to the same bytes in every process, and those
bytes are the same program."""

from __future__ import annotations

import subprocess
import sys

from fleetform.cel.env import CelEngine, Outcome

#: Many AST nodes, so the maps cel-expr-python writes in hash order hold many entries.
SOURCE = (
    "[{'a': 1, 'b': [1, 2]}].map(x, x.a + size(x.b)).exists(y, y > 1) && "
    "object.?spec.?x.orValue('') in ['a', 'b'] && quantity('1Gi').isGreaterThan(quantity('1'))"
)
SCRIPT = f"""
import hashlib
from fleetform.cel.env import CelEngine
program = CelEngine().compile({SOURCE!r})
program.load()
print(hashlib.sha256(program._expression.serialize()).hexdigest(), hashlib.sha256(program.serialized()).hexdigest())
"""


def test_the_same_expression_gives_the_same_canonical_bytes_in_every_process() -> None:
    runs = [subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True) for _ in "abc"]
    # The runtime's own bytes (first column) usually differ from run to run: that is what canonical is for.
    canonical = {r.stdout.split()[1] for r in runs}
    assert len(canonical) == 1


def test_canonical_bytes_are_the_same_program() -> None:
    engine = CelEngine()
    blob = engine.compile(SOURCE).serialized()
    shipped = CelEngine(shipped=lambda source: (lambda: blob) if source == SOURCE else None)
    program = shipped.compile(SOURCE)
    assert program.run(shipped.activation({"object": {"spec": {"x": "a"}}})) == Outcome(value=True)
    assert program.run(shipped.activation({"object": {"spec": {"x": "c"}}})) == Outcome(value=False)
    assert program.serialized() == blob


def test_an_unreadable_shipped_program_is_compiled_instead() -> None:
    engine = CelEngine(shipped=lambda source: lambda: b"not a program")
    assert engine.compile("object.x + 1").run(engine.activation({"object": {"x": 1}})) == Outcome(value=2)
