"""Go's ``flag`` package, as kubeconform's command line uses it: same parsing, same errors, same usage text.

Go's rules: a flag is ``-name`` or ``--name``, its value ``-name value`` or ``-name=value`` (a boolean flag
takes only ``-name`` or ``-name=true|false``); parsing stops at the first argument that is not a flag, and
after ``--``; a repeated flag keeps its last value, except list flags (``-schema-location``), which collect
them. Errors read as Go's (``flag provided but not defined: -xyz``) and are followed by the usage text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["bool", "string", "int", "list", "text"]
_TYPE_NAMES: dict[Kind, str] = {"bool": "", "string": "string", "int": "int", "list": "value", "text": "value"}


class FlagError(Exception):
    """A command line Go's ``flag`` package refuses; ``message`` is Go's wording."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Flag:
    """One flag: its name, kind, default (as Go prints it), usage, and for ``text`` flags a value check
    that returns Go's error text, or ``None`` when the value is accepted."""

    name: str
    kind: Kind
    usage: str
    default: str = ""
    check: Callable[[str], str | None] | None = None


@dataclass
class Parsed:
    """Flag values by name (``bool``/``str``/``int``/``list[str]``) and the arguments after the flags."""

    values: dict[str, object] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)


class FlagSet:
    """An ordered set of flags, parsed the Go way."""

    def __init__(self, flags: list[Flag]) -> None:
        self.flags = {flag.name: flag for flag in flags}

    def parse(self, argv: list[str]) -> Parsed:
        parsed = Parsed({name: _initial(flag) for name, flag in self.flags.items()})
        rest = list(argv)
        while rest:
            arg = rest[0]
            if len(arg) < 2 or arg[0] != "-":
                break
            rest.pop(0)
            if arg == "--":
                break
            name = arg[2:] if arg.startswith("--") else arg[1:]
            if not name or name[0] == "-" or name[0] == "=":
                raise FlagError(f"bad flag syntax: {arg}")
            name, has_value, value = name.partition("=")
            flag = self.flags.get(name)
            if flag is None:
                raise FlagError(f"flag provided but not defined: -{name}")
            if flag.kind == "bool":
                parsed.values[name] = _bool(name, value) if has_value else True
                continue
            if not has_value:
                if not rest:
                    raise FlagError(f"flag needs an argument: -{name}")
                value = rest.pop(0)
            parsed.values[name] = _value(flag, value, parsed.values[name])
        parsed.args = rest
        return parsed

    def usage(self, prog: str) -> str:
        """``Usage: PROG [OPTION]... [FILE OR FOLDER]...`` and Go's ``PrintDefaults``, sorted by name."""
        lines = [f"Usage: {prog} [OPTION]... [FILE OR FOLDER]..."]
        for name in sorted(self.flags):
            flag = self.flags[name]
            head = f"  -{name}"
            if _TYPE_NAMES[flag.kind]:
                head += f" {_TYPE_NAMES[flag.kind]}"
            text = flag.usage.replace("\n", "\n    \t")
            if flag.default and flag.kind != "bool":
                text += f' (default "{flag.default}")' if flag.kind == "string" else f" (default {flag.default})"
            lines.append(f"{head}\t{text}" if len(head) <= 4 else f"{head}\n    \t{text}")
        return "\n".join(lines) + "\n"


def _initial(flag: Flag) -> object:
    if flag.kind == "bool":
        return False
    if flag.kind == "int":
        return int(flag.default or 0)
    if flag.kind == "list":
        return []
    return flag.default


_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def _bool(name: str, value: str) -> bool:
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise FlagError(f'invalid boolean value "{value}" for -{name}: parse error')


def _value(flag: Flag, value: str, current: object) -> object:
    if flag.kind == "int":
        try:
            number = int(value, 0) if value.strip("+-")[:2].lower() in ("0x", "0o", "0b") else int(value)
        except ValueError:
            raise FlagError(f'invalid value "{value}" for flag -{flag.name}: parse error') from None
        if not -(2**63) <= number < 2**63:
            raise FlagError(f'invalid value "{value}" for flag -{flag.name}: value out of range')
        return number
    if flag.kind == "list":
        assert isinstance(current, list)
        return [*current, value]
    if flag.check is not None and (problem := flag.check(value)) is not None:
        raise FlagError(f'invalid value "{value}" for flag -{flag.name}: {problem}')
    return value
