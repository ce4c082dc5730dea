"""The output tree as data (relative path -> bytes), written aside then switched into place at once.

:func:`write_tree` never leaves a partial output folder, whatever instant the process is killed at:

1. the tree is written into a sibling folder ``.<out>-new-<id>``, then renamed ``.<out>-ready-<id>``
   (a complete tree has that name, and only a complete tree);
2. the ready folder and the output folder are exchanged by one ``renameat2(RENAME_EXCHANGE)`` (Linux): at
   every instant ``<out>`` is the old tree or the new one. Where the exchange is not available (another
   system, a file system without it), two renames: ``<out>`` -> ``.<out>-old-<id>``, ready -> ``<out>``;
3. the old tree (now under the ready or old name) is removed.

The next :func:`write_tree` (under the synth lock, :mod:`fleetform.render.guard`) first repairs and cleans
what a killed run left: with no ``<out>``, the newest ready tree (or else the old one) becomes ``<out>``;
then every ``.<out>-new-*``, ``-ready-*`` and ``-old-*`` folder is removed.

``<out>`` stays a real folder (it is committed to Git; a symlink would be committed as a symlink). A mount
point cannot be renamed, so it is refused; a full disk, a read-only tree or a missing permission is a
:class:`~fleetform.errors.UserError` naming the reason.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import signal
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from fleetform.errors import UserError

Tree = dict[str, bytes]

#: ``renameat2`` flag: swap the two names atomically (Linux 3.15+, ext4, xfs, btrfs, tmpfs...).
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
#: Test hook: the name of the write step at which the process kills itself (``SIGKILL``), to prove that a
#: kill at any step leaves a complete output folder. Steps: see :data:`STEPS`.
KILL_AT_ENV = "FLEETFORM_KILL_AT_STEP"
STEPS = ("staging", "first-file", "files", "ready", "moved-old", "switched", "removed-old")


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


def diff_tree(expected: Tree, root: Path, *, within: tuple[str, ...] = ("",)) -> TreeDiff:
    """What differs between ``expected`` and ``root``, among the paths that start with one of ``within``
    (every path by default)."""
    actual = {path: data for path, data in read_tree(root).items() if path.startswith(within)}
    return TreeDiff(
        added=sorted(set(expected) - set(actual)),
        changed=sorted(p for p in expected if p in actual and expected[p] != actual[p]),
        removed=sorted(set(actual) - set(expected)),
    )


def write_tree(tree: Tree, root: Path, *, exchange: bool = True) -> None:
    """Replace ``root`` with exactly ``tree`` (see the module's description). ``exchange=False`` uses the
    two-rename fallback (tests). Call it under the synth lock."""
    root = Path(os.path.abspath(root))
    try:
        root.parent.mkdir(parents=True, exist_ok=True)
        repair(root)
        if root.is_symlink() or (root.exists() and not root.is_dir()):
            raise UserError(f"{root.name}: not a folder; expected {root.name} to be a folder (or absent)")
        if root.is_dir() and os.path.ismount(root):
            raise UserError(
                f"{root.name}: is a mount point, which cannot be replaced at once; "
                "expected a plain folder (or --out to another folder)"
            )
        ready = _stage(tree, root)
        _switch(ready, root, exchange)
    except OSError as err:
        raise _os_error(root, err) from None


def repair(root: Path) -> None:
    """Put back ``root`` if a killed run left none, then remove every leftover folder of killed runs."""
    leftovers = {kind: sorted(root.parent.glob(f".{root.name}-{kind}-*")) for kind in ("new", "ready", "old")}
    if not root.exists():
        for kind in ("ready", "old"):  # a complete new tree, else the previous one
            if leftovers[kind]:
                newest = max(leftovers[kind], key=lambda p: p.stat().st_mtime)
                newest.rename(root)
                break
    for folders in leftovers.values():
        for folder in folders:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


def _stage(tree: Tree, root: Path) -> Path:
    """Write ``tree`` beside ``root``; returns the complete (ready) folder."""
    run = uuid.uuid4().hex[:12]
    staging = root.parent / f".{root.name}-new-{run}"
    try:
        staging.mkdir(mode=0o755)
        _step("staging")
        made: set[Path] = {staging}
        for i, (rel, data) in enumerate(tree.items()):
            target = staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
            if i == 0:
                _step("first-file")
        _step("files")
        ready = root.parent / f".{root.name}-ready-{run}"
        staging.rename(ready)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _step("ready")
    return ready


def _switch(ready: Path, root: Path, exchange: bool) -> None:
    if not root.exists():
        ready.rename(root)  # atomic: there was no tree to keep
        _step("switched")
        return
    if exchange and _exchange(ready, root):
        _step("switched")
        shutil.rmtree(ready, ignore_errors=True)  # the old tree, now under the ready name
        _step("removed-old")
        return
    old = root.parent / f".{root.name}-old-{ready.name.rpartition('-')[2]}"
    root.rename(old)
    _step("moved-old")
    try:
        ready.rename(root)
    except BaseException:
        old.rename(root)
        raise
    _step("switched")
    shutil.rmtree(old, ignore_errors=True)
    _step("removed-old")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; ``False`` when this system or file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), os.fsdecode(second))


def _step(name: str) -> None:
    if os.environ.get(KILL_AT_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


#: The reasons a write fails that are the machine's state, not a bug, and what to do about each.
_FIXES = {
    errno.ENOSPC: "free space on the device",
    errno.EDQUOT: "free space within the disk quota",
    errno.EROFS: "a writable folder (the file system is read-only)",
    errno.EACCES: "write permission on the folder",
    errno.EPERM: "write permission on the folder",
    errno.EBUSY: "a plain folder, not a mount point or a folder in use",
    errno.EXDEV: "a plain folder on the same file system as its parent",
}


def _os_error(root: Path, err: OSError) -> UserError:
    where = f" ({err.filename})" if err.filename else ""
    fix = _FIXES.get(err.errno or 0, "a writable output folder")
    return UserError(f"{root.name}: cannot write: {err.strerror or err}{where}; expected {fix}")
