"""The one exception type for expected user errors.

Anything raised as :class:`UserError` is bad input: the CLI prints its one-line message and exits 2.
Every other exception is a bug: exit 3.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input, reported as one line: ``<file>[:<line>]: <place>: <problem>; expected <fix>``."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def located(file: str, line: int | None, place: str, problem: str, expected: str) -> UserError:
    """Build the one message shape used for every settings and input error."""
    where = f"{file}:{line}" if line is not None else file
    head = f"{where}: {place}: " if place else f"{where}: "
    return UserError(f"{head}{problem}; expected {expected}")


class PropError(UserError):
    """A construct was given a prop value that breaks one of its constraints."""

    def __init__(self, construct: str, prop: str, value: object, constraint: str) -> None:
        super().__init__(f"{construct}: '{prop}' ({value!r}) {constraint}")
