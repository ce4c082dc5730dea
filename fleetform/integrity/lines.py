"""The line of a path inside an object, for findings: found in the file's YAML (only for objects with
findings) and kept in the parse cache, so a run over an unchanged tree composes no YAML."""

from __future__ import annotations

import functools
from collections.abc import Callable

from fleetform.integrity.model import Obj, Path, Problem
from fleetform.parse_cache import ParseCache


class Lines:
    """``line(problem)``: where the problem's path is; ``read(file)`` gives a file's bytes."""

    def __init__(self, read: Callable[[str], bytes], cache: ParseCache | None) -> None:
        self._read = read
        self._cache = cache

    def line(self, problem: Problem) -> int:
        subject = problem.subject
        if not isinstance(subject, Obj) or not problem.path:
            return subject.line
        raw = self._read(subject.file)
        find = functools.partial(_find, raw, subject.line, problem.path)
        if self._cache is None:
            return find()
        key = raw + b"\0" + repr((subject.line, problem.path)).encode()
        return self._cache.cached("integrity-line", key, find)


def _find(raw: bytes, start: int, path: Path) -> int:
    """The line of ``path`` in the document that starts at line ``start``; the deepest part of the path
    that exists (the document's first line when none does)."""
    from fleetform.documents import Document
    from fleetform.validate.lines import Locator

    text = "\n".join(raw.decode("utf-8", "replace").splitlines()[start - 1 :])
    found = Locator().line(Document(file="", index=0, line=1, data=None, source=text), list(path))
    return start if found is None else start + found - 1
