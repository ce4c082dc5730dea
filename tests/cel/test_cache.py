"""The on-disk cache of compiled programs: round trips, corrupt entries, and loading on first run."""

from __future__ import annotations

from pathlib import Path

from fleetform.cel.env import CelEngine, Outcome


def test_cache_round_trip_and_corrupt_entries(tmp_path: Path) -> None:
    first = CelEngine(tmp_path)
    assert first.compile("object.x + 1").run(first.activation({"object": {"x": 1}})) == Outcome(value=2)
    entries = sorted(tmp_path.glob("*.bin"))
    assert len(entries) == 1
    second = CelEngine(tmp_path)
    assert second.compile("object.x + 1").run(second.activation({"object": {"x": 2}})) == Outcome(value=3)
    entries[0].write_bytes(b"not a program")
    third = CelEngine(tmp_path)
    assert third.compile("object.x + 1").run(third.activation({"object": {"x": 3}})) == Outcome(value=4)


def test_cached_programs_load_on_first_run(tmp_path: Path) -> None:
    CelEngine(tmp_path).compile("object.x * 2")
    (entry,) = tmp_path.glob("*.bin")
    entry.write_bytes(b"not a program")
    engine = CelEngine(tmp_path)
    program = engine.compile("object.x * 2")
    assert entry.read_bytes() == b"not a program"  # not read yet: nothing ran
    assert program.run(engine.activation({"object": {"x": 4}})) == Outcome(value=8)
    assert entry.read_bytes() != b"not a program"  # recompiled and written back


def test_the_runtimes_iteration_budget_is_an_error_result_not_an_exception() -> None:
    """Nested comprehensions over a large list hit the CEL runtime's iteration budget (a fuzz crash): the
    policy gets an error result, as the API server rejects an expression over its cost budget."""
    engine = CelEngine()
    program = engine.compile("object.items.all(a, object.items.all(b, a == b || true))")
    outcome = program.run(engine.activation({"object": {"items": list(range(2000))}}))
    assert outcome == Outcome(error="INTERNAL: Iteration budget exceeded [INTERNAL]")
