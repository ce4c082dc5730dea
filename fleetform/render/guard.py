"""One synth at a time per output folder, and temporary files that a killed synth does not leave behind.

- **The lock.** ``fleetform synth`` holds an exclusive ``flock`` on ``.fleetform-cache/<out>.lock`` (beside
  the output folder, like the synth cache) from before it reads the settings until the new tree is in
  place; ``synth --check`` holds it shared. A second synth of the same folder does not wait and does not
  overwrite: it fails at once (exit 2) naming the process that holds the lock. The kernel releases a
  ``flock`` when its process ends, however it ends, so a killed synth never leaves a stale lock.
- **Temporary files.** The synth's own scratch folders and those of the jsii runtimes it starts (Python's
  ``tempfile`` and Node's ``os.tmpdir()`` both follow ``TMPDIR``) go to ``.fleetform-cache/tmp/<pid>-*``;
  the next synth removes the folders of processes that no longer run.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fleetform.errors import UserError


def cache_folder(out: Path) -> Path:
    """``.fleetform-cache`` beside the output folder (as :func:`fleetform.render.cache.cache_file`)."""
    return Path(os.path.abspath(out)).parent / ".fleetform-cache"


@contextlib.contextmanager
def synth_lock(out: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the lock of ``out`` (see the module's description); a :class:`UserError` when another synth
    holds it. ``shared`` (``--check``, which only reads) runs without the lock where none can be created
    (a read-only checkout)."""
    path = cache_folder(out) / f"{Path(os.path.abspath(out)).name}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as err:
        if shared:
            yield
            return
        raise UserError(
            f"{path.parent}: cannot create the synth lock ({err.strerror}); expected a writable project folder"
        ) from None
    with handle:
        try:
            fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UserError(
                f"{out}: another fleetform synth ({holder}) is writing it; "
                "expected one synth at a time (run again when it has finished)"
            ) from None
        if not shared:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
        yield


@contextlib.contextmanager
def use_scratch(out: Path) -> Iterator[None]:
    """While open, point this process's (and its children's) temporary files at a folder of its own under
    ``.fleetform-cache/tmp``, after removing the folders of synths that no longer run. Keeps the system's
    temporary folder when that one cannot be created. The folder itself stays (the jsii runtime removes
    its own files at exit); the next synth removes it."""
    root = cache_folder(out) / "tmp"
    try:
        root.mkdir(parents=True, exist_ok=True)
        for folder in root.iterdir():
            pid = folder.name.partition("-")[0]
            if pid.isdigit() and not _running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)
        mine = tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root)
    except OSError:
        yield
        return
    before = (os.environ.get("TMPDIR"), tempfile.tempdir)
    os.environ["TMPDIR"], tempfile.tempdir = mine, mine
    try:
        yield
    finally:
        if before[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before[0]
        tempfile.tempdir = before[1]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
