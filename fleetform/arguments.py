"""The argument parser of every command: a usage error is bad input like any other, a
:class:`~fleetform.errors.UserError` (one line, exit 2), which names the help to read."""

from __future__ import annotations

import argparse
from typing import NoReturn

from fleetform.errors import UserError


class ArgumentParser(argparse.ArgumentParser):
    """:class:`argparse.ArgumentParser` that raises instead of printing its usage and exiting (subcommand
    parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message}; expected the arguments shown by {self.prog} --help")
