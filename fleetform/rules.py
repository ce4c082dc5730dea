"""What a setting must be, as data: bounds and patterns (:class:`Rule`) and broken cross-field rules
(:class:`Problem`), addressed by key path.

The bottom layer: the settings schema (``fleetform/settings/``) and each cloud's own rules
(``fleetform/clouds/``) both use these, and this module imports nothing of fleetform.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Where a value is in a settings file: mapping keys and list indexes from the top, e.g. ``("infra", "state")``.
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    """Bounds and a pattern for a scalar setting, with the human wording of the pattern."""

    ge: float | None = None
    le: float | None = None
    pattern: str | None = None
    means: str = ""


@dataclass(frozen=True)
class Problem:
    """A rule broken inside one value: path relative to it, what is wrong, the fix."""

    path: KeyPath
    problem: str
    expected: str
