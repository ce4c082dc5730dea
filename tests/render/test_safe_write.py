"""Writing the output folder is safe under kill -9 at every write step, concurrent synths, full disks,
read-only trees and mount points."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.errors import UserError
from fleetform.render.guard import synth_lock, use_scratch
from fleetform.render.tree import KILL_AT_ENV, STEPS, read_tree, repair, write_tree

OLD = {"k8s/a/one.yaml": b"old one\n", "k8s/a/two.yaml": b"old two\n", "gone.yaml": b"removed by the new tree\n"}
NEW = {"k8s/a/one.yaml": b"new one\n", "k8s/a/two.yaml": b"new two\n", "k8s/b/three.yaml": b"new three\n"}

WRITER = """
import sys
from pathlib import Path
from fleetform.render.tree import write_tree
new = {"k8s/a/one.yaml": b"new one\\n", "k8s/a/two.yaml": b"new two\\n", "k8s/b/three.yaml": b"new three\\n"}
write_tree(new, Path(sys.argv[1]), exchange=sys.argv[2] == "exchange")
"""


def _write_killed_at(out: Path, step: str, mode: str) -> int:
    env = {**os.environ, KILL_AT_ENV: step}
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(WRITER), str(out), mode], env=env, check=False)
    return proc.returncode


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


@pytest.mark.parametrize("mode", ["exchange", "two-renames"])
@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_leaves_the_old_or_the_new_tree(tmp_path: Path, step: str, mode: str) -> None:
    out = tmp_path / "dist"
    write_tree(OLD, out)
    code = _write_killed_at(out, step, mode)
    if step == "moved-old" and mode == "exchange":  # the exchange has no such step: the run completes
        assert (code, read_tree(out), _siblings(out)) == (0, NEW, [])
        return
    assert code == -9
    switched = STEPS.index(step) >= STEPS.index("switched")
    if step == "moved-old":  # the one window of the two renames: no dist/, and the complete new tree aside
        assert not out.exists()
    else:
        assert read_tree(out) == (NEW if switched else OLD)  # never a partial tree
    repair(out)  # what the next synth does first, under the lock
    assert read_tree(out) == (NEW if switched or step == "moved-old" else OLD)
    assert _siblings(out) == []
    write_tree(NEW, out)
    assert (read_tree(out), _siblings(out)) == (NEW, [])


def test_write_replaces_exactly_and_leaves_nothing_beside(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    write_tree(OLD, out)
    write_tree(NEW, out)
    assert (read_tree(out), _siblings(out)) == (NEW, [])
    assert out.is_dir() and not out.is_symlink()


def test_full_disk_is_exit_2_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    write_tree(OLD, out)

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(UserError) as info:
        write_tree(NEW, out)
    monkeypatch.undo()
    assert info.value.message.startswith("dist: cannot write: No space left on device (")
    assert info.value.message.endswith("); expected free space on the device")
    assert (read_tree(out), _siblings(out)) == (OLD, [])


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_exit_2(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with pytest.raises(UserError) as info:
            write_tree(NEW, parent / "dist")
    finally:
        parent.chmod(0o755)
    assert info.value.message.startswith("dist: cannot write: Permission denied")


def test_read_only_file_system_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    with pytest.raises(UserError) as info:
        write_tree(NEW, tmp_path / "dist")
    monkeypatch.undo()
    assert info.value.message == (
        f"dist: cannot write: Read-only file system ({tmp_path}); "
        "expected a writable folder (the file system is read-only)"
    )


def test_mount_point_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "dist"
    write_tree(OLD, out)
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out)
    with pytest.raises(UserError) as info:
        write_tree(NEW, out)
    assert info.value.message == (
        "dist: is a mount point, which cannot be replaced at once; expected a plain folder (or --out to another folder)"
    )
    assert read_tree(out) == OLD


def test_a_file_or_symlink_in_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "dist").symlink_to(tmp_path / "real")
    with pytest.raises(UserError) as info:
        write_tree(NEW, tmp_path / "dist")
    assert info.value.message == "dist: not a folder; expected dist to be a folder (or absent)"


def test_a_second_synth_fails_at_once_while_the_first_holds_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", tempfile.gettempdir())  # synth points both at its scratch folder: restored after
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    with synth_lock(Path("dist")):
        assert main(["synth", "--settings", "missing"]) == 2
        assert main(["synth", "--check", "--settings", "missing"]) == 2
    err = capsys.readouterr().err
    assert err == 2 * (
        f"error: dist: another fleetform synth (pid {os.getpid()}) is writing it; "
        "expected one synth at a time (run again when it has finished)\n"
    )
    assert main(["synth", "--settings", "missing"]) == 2  # released: this one gets as far as the settings
    assert capsys.readouterr().err == (
        "error: missing/platform.yaml: file not found; expected the settings file to exist\n"
    )


def test_checks_share_the_lock(tmp_path: Path) -> None:
    with synth_lock(tmp_path / "dist", shared=True), synth_lock(tmp_path / "dist", shared=True):
        pass
    lock = tmp_path / ".fleetform-cache" / "dist.lock"
    with lock.open() as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nothing holds it any more


def test_a_killed_lock_holder_releases_the_lock(tmp_path: Path) -> None:
    holder = "from pathlib import Path; from fleetform.render.guard import synth_lock\n"
    holder += f"with synth_lock(Path({str(tmp_path / 'dist')!r})):\n    import os; os.kill(os.getpid(), 9)\n"
    assert subprocess.run([sys.executable, "-c", holder], check=False).returncode == -9
    with synth_lock(tmp_path / "dist"):
        pass


def test_scratch_folders_of_dead_synths_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", tempfile.gettempdir())  # use_scratch points both at its folder: restored after
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    scratch = tmp_path / ".fleetform-cache" / "tmp"
    (scratch / f"{dead.stdout.strip()}-abc" / "jsii").mkdir(parents=True)
    (scratch / f"{os.getpid()}-live").mkdir()
    before = os.environ["TMPDIR"]
    with use_scratch(tmp_path / "dist"):
        names = sorted(p.name for p in scratch.iterdir())
        assert len(names) == 2 and f"{os.getpid()}-live" in names
        assert (
            os.environ["TMPDIR"] == tempfile.gettempdir() == str(scratch / (set(names) - {f"{os.getpid()}-live"}).pop())
        )
    assert os.environ["TMPDIR"] == before
