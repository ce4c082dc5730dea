"""What a setting must be, as data: bounds and patterns (:class:`Rule`) and broken cross-field rules
(:class:`Problem`), addressed by key path.

The bottom layer: the settings schema (``fleetform/settings/``) and each cloud's own rules
(``fleetform/clouds/``) both use these, and this module imports nothing of fleetform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Where a value is in a settings file: mapping keys and list indexes from the top, e.g. ``("infra", "state")``.
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Rule:
    """Bounds, a pattern and a test for a scalar setting, with the human wording of the pattern and test.

    Patterns match ASCII only (``\\d`` is 0-9, not every script's digits: Arabic-Indic digits make no version).
    ``problem`` returns why a value is refused (``None`` when it is valid), for what a pattern cannot say
    (cron fields, time zone names, URLs); its text follows the value in the message."""

    ge: float | None = None
    le: float | None = None
    pattern: str | None = None
    means: str = ""
    problem: Callable[[Any], str | None] | None = None


@dataclass(frozen=True)
class Problem:
    """A rule broken inside one value: path relative to it, what is wrong, the fix."""

    path: KeyPath
    problem: str
    expected: str
