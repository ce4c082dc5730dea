"""GitHub Actions workflow commands (``::error file=...,line=...,title=...::message``), escaped as the
runner reads them: the ``github`` output of every command."""

from __future__ import annotations


def escape_data(value: str) -> str:
    """A message: ``%``, carriage returns and newlines are escaped."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property value (file, title): also ``:`` and ``,``, which separate properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, *, file: str | None = None, line: int | None = None, title: str = "") -> str:
    """One annotation of ``level`` (``error``, ``warning``, ``notice``); properties only when given."""
    props = [f"file={escape_property(file)}"] if file is not None else []
    props += [f"line={line}"] if line is not None else []
    props += [f"title={escape_property(title)}"] if title else []
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{escape_data(message)}"
