"""The two sides of ``fleetform diff``: the manifest files of a folder at a git commit, read with git
plumbing (``git ls-tree -r`` lists blob ids, one ``git cat-file --batch`` reads the blobs asked for), and
the same folder in the working tree, with git's blob id of each file computed here. Equal ids on both sides
mean equal bytes: those files are never read from git nor parsed.
"""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fleetform import files
from fleetform.errors import UserError

#: The files read, as ``fleetform validate`` and ``policy`` read them.
SUFFIXES = (".yaml", ".yml", ".json")
#: Where ``fleetform diff`` looks for the main branch when no ``--base`` is given, in this order.
MAIN_BRANCHES = ("origin/HEAD", "origin/main", "main", "origin/master", "master")


@dataclass(frozen=True)
class Base:
    """The commit compared with: ``label`` says how it was found (``origin/main (merge base 1a2b3c4d5e6f)``)."""

    label: str
    commit: str


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git args`` in ``root``; a failure is bad input (a wrong ref, not a repository)."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise UserError("git: command not found; expected git on PATH (fleetform diff reads dist/ from git)") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode(errors="replace").strip().splitlines()
        raise UserError(f"git {' '.join(args[:2])}: {detail[-1] if detail else f'exit {proc.returncode}'}")
    return proc.stdout


def repo_root(cwd: Path) -> Path:
    proc = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise UserError(f"{cwd}: not inside a git repository; expected to run fleetform diff in the GitOps repository")
    return Path(proc.stdout.decode().strip())


def resolve_base(root: Path, ref: str | None) -> Base:
    """``ref`` as a commit, or the merge base of ``HEAD`` with the main branch (:data:`MAIN_BRANCHES`)."""
    if ref is not None:
        commit = _commit(root, ref)
        if commit is None:
            raise UserError(f"--base {ref}: not a commit of this repository; expected a branch, tag or commit")
        return Base(f"{ref} ({commit[:12]})", commit)
    for branch in MAIN_BRANCHES:
        if _commit(root, branch) is not None:
            commit = git(root, "merge-base", "HEAD", branch).decode().strip()
            return Base(f"{branch} (merge base {commit[:12]})", commit)
    raise UserError(f"no main branch ({', '.join(MAIN_BRANCHES)}); expected --base REF")


def _commit(root: Path, ref: str) -> str | None:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    return proc.stdout.decode().strip() if proc.returncode == 0 else None


def committed(root: Path, commit: str, folder: str) -> dict[str, str]:
    """Repository-relative path -> blob id of every manifest file under ``folder`` at ``commit``."""
    out: dict[str, str] = {}
    for entry in git(root, "ls-tree", "-r", "-z", commit, "--", folder).split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        _, kind, blob = meta.split(b" ")
        name = path.decode()
        if kind == b"blob" and name.endswith(SUFFIXES):
            out[name] = blob.decode()
    return out


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """Blob id -> bytes, in one ``git cat-file --batch``."""
    if not blobs:
        return {}
    data = git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode())
    out: dict[str, bytes] = {}
    at = 0
    for blob in blobs:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split(b" ")[2])
        out[blob] = data[header_end + 1 : header_end + 1 + size]
        at = header_end + 1 + size + 1
    return out


@dataclass(frozen=True)
class WorkingTree:
    """The manifest files under a folder of the working tree: path -> bytes, and path -> git blob id."""

    contents: dict[str, bytes]
    ids: dict[str, str]


def working_tree(root: Path, folder: str) -> WorkingTree:
    contents: dict[str, bytes] = {}
    prefix = len(root.as_posix()) + 1
    for path in files.manifest_paths([root / folder]) if (root / folder).is_dir() else []:
        try:
            contents[path[prefix:]] = files.read_raw(path)
        except files.FileProblem as err:
            raise UserError(f"{path[prefix:]}: {err.problem}; expected a file fleetform synth wrote") from None
    ids = {path: blob_id(raw) for path, raw in contents.items()}
    return WorkingTree(contents, ids)


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes as a blob (``git hash-object``)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()
