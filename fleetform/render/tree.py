"""The output tree as data (relative path -> bytes), written aside then swapped into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

Tree = dict[str, bytes]


@dataclass(frozen=True)
class TreeDiff:
    """Files that differ between an expected tree and what is on disk."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.added or self.changed or self.removed)


def read_tree(root: Path) -> Tree:
    if not root.is_dir():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def diff_tree(expected: Tree, root: Path) -> TreeDiff:
    actual = read_tree(root)
    return TreeDiff(
        added=sorted(set(expected) - set(actual)),
        changed=sorted(p for p in expected if p in actual and expected[p] != actual[p]),
        removed=sorted(set(actual) - set(expected)),
    )


def write_tree(tree: Tree, root: Path) -> None:
    """Replace ``root`` with exactly ``tree``. Files are written into a sibling temporary folder first;
    only a complete tree is renamed into place, so a failure leaves the previous ``root`` untouched
    and files of removed resources disappear."""
    root = root.resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-new-", dir=root.parent))
    try:
        for rel, data in tree.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = root.parent / f".{root.name}-old-{os.getpid()}"
    had_old = root.exists()
    if had_old:
        root.rename(old)
    try:
        staging.rename(root)
    except BaseException:
        if had_old:
            old.rename(root)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if had_old:
        shutil.rmtree(old, ignore_errors=True)
