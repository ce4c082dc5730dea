"""Build the real-world benchmark corpus of ``bench/validate_real.py`` (run by hand, not in tests).

The corpus is public projects' Kubernetes manifests with the CRD definitions they ship, read from bare git
mirrors at the commits recorded in ``bench/corpus/sources.json`` and written to a cache folder outside the
repository (third-party files are not committed). ``bench/corpus/manifest.txt`` lists every file taken:
``owner/name<TAB>commit<TAB>path``, sorted; ``build`` extracts exactly these and checks their digest.

    .venv/bin/python bench/corpus_build.py build [--mirror DIR] [--out DIR]
    .venv/bin/python bench/corpus_build.py select [--mirror DIR]   # re-pick files (after changing sources.json)

The mirrors: ``<mirror>/<owner>+<name>/repo`` is a bare clone holding the recorded commit; make one with
``git clone --bare https://github.com/<owner>/<name> <mirror>/<owner>+<name>/repo`` (``build`` prints the
commands for the missing ones). The default mirror folder is ``/work/.mirror``; the default output folder is
``$XDG_CACHE_HOME/fleetform/bench-corpus`` (``~/.cache/...``).

``select`` keeps a file when its name ends in ``.yaml``/``.yml``, it is under an ``include`` prefix of its
source and under no ``exclude`` prefix, it holds no template syntax (``{{``), PyYAML reads all its documents,
and each document is empty or a mapping with a string ``apiVersion`` and ``kind`` (at least one such).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import yaml

HERE = Path(__file__).resolve().parent / "corpus"
SOURCES = HERE / "sources.json"
MANIFEST = HERE / "manifest.txt"
#: The sha256 of every extracted file's ``repo/path`` and bytes, in manifest order: the corpus is the same.
DIGEST = HERE / "manifest.sha256"
_MARK = ".fleetform-bench-corpus"
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_out() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fleetform" / "bench-corpus"


def git_dir(mirror: Path, repo: str) -> Path:
    return mirror / repo.replace("/", "+") / "repo"


def blobs(gitdir: Path, commit: str, paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """``(path, bytes)`` of each path at ``commit``, through one ``git cat-file --batch``."""
    proc = subprocess.Popen(
        ["git", "--git-dir", str(gitdir), "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    request = "".join(f"{commit}:{p}\n" for p in paths).encode()
    writer = threading.Thread(target=_feed, args=(proc.stdin, request))  # no deadlock on full pipes
    writer.start()
    for path in paths:
        header = proc.stdout.readline().split()
        if len(header) != 3:
            raise SystemExit(f"{gitdir}: {commit}:{path}: not found")
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)  # the newline after the contents
        yield path, data
    writer.join()
    proc.wait()


def _feed(pipe: IO[bytes], data: bytes) -> None:
    pipe.write(data)
    pipe.close()


def tree(gitdir: Path, commit: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(gitdir), "ls-tree", "-r", "-z", "--name-only", commit],
        capture_output=True,
        check=True,
    ).stdout
    return [p for p in out.decode().split("\0") if p]


def is_manifest(raw: bytes) -> bool:
    if b"{{" in raw:
        return False
    try:
        docs = list(yaml.load_all(raw.decode("utf-8"), Loader=_Loader))
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return False
    objects = 0
    for doc in docs:
        if doc is None:
            continue
        if not (isinstance(doc, dict) and isinstance(doc.get("apiVersion"), str) and isinstance(doc.get("kind"), str)):
            return False
        objects += 1
    return objects > 0


def select(mirror: Path) -> int:
    rows: list[str] = []
    for source in json.loads(SOURCES.read_text())["sources"]:
        repo, commit = source["repo"], source["commit"]
        gitdir = git_dir(mirror, repo)
        wanted = [
            p
            for p in tree(gitdir, commit)
            if p.endswith((".yaml", ".yml"))
            and p.startswith(tuple(source["include"]))
            and not p.startswith(tuple(source.get("exclude", [])))
        ]
        kept = [p for p, raw in blobs(gitdir, commit, wanted) if is_manifest(raw)]
        print(f"{repo}@{commit[:12]}: {len(kept)} of {len(wanted)} files", file=sys.stderr)
        rows.extend(f"{repo}\t{commit}\t{p}\n" for p in kept)
    MANIFEST.write_text("".join(sorted(rows)))
    digest = build(mirror, default_out(), check=False)
    DIGEST.write_text(digest + "\n")
    return 0


def build(mirror: Path, out: Path, check: bool = True) -> str:
    """Extract the manifest's files under ``out/<owner>+<name>/``; returns (and checks) their digest."""
    groups: dict[tuple[str, str], list[str]] = {}
    for line in MANIFEST.read_text().splitlines():
        repo, commit, path = line.split("\t")
        groups.setdefault((repo, commit), []).append(path)
    missing = [repo for repo, commit in groups if not git_dir(mirror, repo).is_dir()]
    if missing:
        for repo in missing:
            print(f"git clone --bare https://github.com/{repo} {git_dir(mirror, repo)}", file=sys.stderr)
        raise SystemExit(f"{len(missing)} mirror(s) missing under {mirror}: run the commands above")
    if (out / _MARK).is_file():
        shutil.rmtree(out)  # a folder this script made: start clean, so files dropped from the manifest go
    elif out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} holds files this script did not write; give another --out")
    out.mkdir(parents=True, exist_ok=True)
    (out / _MARK).write_text("made by fleetform's bench/corpus_build.py\n")
    digest = hashlib.sha256()
    count = size = 0
    for (repo, commit), paths in sorted(groups.items()):
        base = out / repo.replace("/", "+")
        for path, raw in blobs(git_dir(mirror, repo), commit, paths):
            target = base / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(raw)
            digest.update(f"{repo}/{path}\0{len(raw)}\0".encode() + raw)
            count, size = count + 1, size + len(raw)
    print(f"{count} files, {size / 1e6:.1f} MB in {out}", file=sys.stderr)
    if check and DIGEST.is_file() and DIGEST.read_text().strip() != digest.hexdigest():
        raise SystemExit(f"the extracted files differ from {DIGEST.name}: wrong commits in the mirrors?")
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=("build", "select"))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=default_out())
    args = parser.parse_args(argv)
    if args.command == "select":
        return select(args.mirror)
    build(args.mirror, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
