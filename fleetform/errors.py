"""The one exception type for expected user errors.

Anything raised as :class:`UserError` is bad input: the CLI prints its one-line message and exits 2.
Every other exception is a bug: exit 3.
"""

from __future__ import annotations

import re


class UserError(Exception):
    """Bad input, reported as one line: ``<file>[:<line>]: <place>: <problem>; expected <fix>``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


#: Characters of a value shown in a message: enough to recognise it, never a megabyte-long line.
SHOWN_CHARS = 60


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr(value)`` cut to about ``limit`` characters: ``'aaaa…' (50000000 characters)``."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value)} characters)"
    if isinstance(value, int) and value.bit_length() > 3 * limit:  # repr() of a 4,301-digit int raises
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"  # log10(2) digits per bit
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


def located(file: str, line: int | None, place: str, problem: str, expected: str) -> UserError:
    """Build the one message shape used for every settings and input error. A quoted value in ``problem``
    longer than :data:`CUT_OVER` characters is shown cut, whichever check wrote it (a message stays short)."""
    where = f"{file}:{line}" if line is not None else file
    head = f"{where}: {place}: " if place else f"{where}: "
    return UserError(f"{head}{_LONG_QUOTED.sub(_cut, problem)}; expected {expected}")


#: Quoted values up to this length are shown whole (a long name is worth reading); longer ones are cut.
CUT_OVER = 200
#: A single-quoted value (as ``repr`` writes a string) longer than :data:`CUT_OVER`.
_LONG_QUOTED = re.compile(rf"'([^'\n]{{{CUT_OVER + 1},}})'")


def _cut(match: re.Match[str]) -> str:
    return shown(match[1])


class PropError(UserError):
    """A construct was given a prop value that breaks one of its constraints."""

    def __init__(self, construct: str, prop: str, value: object, constraint: str) -> None:
        super().__init__(f"{construct}: '{prop}' ({value!r}) {constraint}")
