"""Benchmark ``fleetform diff``: the whole ``dist/`` between two commits (run by hand, not in tests).

In a temporary clone of this repository (its HEAD), two commits are made on top and each is diffed against
its parent with ``fleetform diff --base HEAD~1`` (the working tree is the commit), a fresh process each
run, as in CI:

- ``release``: the platform version and the three images bumped in every file that holds them (the files a
  release changes: a few dozen);
- ``every file``: every object of every file changed (a label of every Kubernetes object, a tag of every
  Terraform resource that has tags): the worst case, every file read from git and parsed on both sides.

    .venv/bin/python bench/diff.py [--repeat 5]

Each is timed with ``--no-cache`` (every changed file parsed: a CI job's one run) and with the parse cache
filled by a first run (a local edit loop). Wall time is what a user waits; CPU is user + system time of the
process and its git children (on a busy shared machine, wall time also holds the wait for a core).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GIT = ("git", "-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True)


def release(dist: Path) -> int:
    """Bump the version label and the platform's image tags and digests, as a release does."""
    changed = 0
    for path in sorted(dist.rglob("*.yaml")):
        text = path.read_text()
        new = text.replace("app.kubernetes.io/version: 1.4.2", "app.kubernetes.io/version: 1.4.3")
        new = re.sub(
            r"(ghcr\.io/acme/ml-platform/[a-z-]+):1\.4\.2@sha256:[0-9a-f]{64}", r"\1:1.4.3@sha256:" + "ab" * 32, new
        )
        if new != text:
            path.write_text(new)
            changed += 1
    return changed


def every_file(dist: Path) -> int:
    """Change every labelled object and every tagged resource: ``managed-by`` gets another value (a text
    edit, so the files keep the layout synth writes)."""
    changed = 0
    for path in sorted(dist.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text()
        new = text.replace("app.kubernetes.io/managed-by: fleetform", "app.kubernetes.io/managed-by: fleetform-2")
        new = new.replace('"managed-by": "fleetform"', '"managed-by": "fleetform-2"')
        if new != text:
            path.write_text(new)
            changed += 1
    return changed


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run (its output discarded)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own CPU time, git's children included
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit {code}")
    return elapsed, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("fleetform"))
    tmp = Path(tempfile.mkdtemp(prefix="fleetform-bench-diff-"))
    try:
        clone = tmp / "repo"
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp / "cache")}
        for label, edit in (("release", release), ("every file", every_file)):
            files = edit(clone / "dist")
            _git(clone, "commit", "--quiet", "--all", "--message", f"bench: {label}")
            cold = [timed([exe, "diff", "--no-cache", "--base", "HEAD~1"], clone, env) for _ in range(args.repeat)]
            timed([exe, "diff", "--base", "HEAD~1"], clone, env)  # fills the parse cache
            warm = [timed([exe, "diff", "--base", "HEAD~1"], clone, env) for _ in range(args.repeat)]
            for mode, runs in (("no cache", cold), ("parse cache", warm)):
                walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
                print(
                    f"{label:10s} {files:5d} files, {mode:11s}: wall median {statistics.median(walls):.2f} s "
                    f"(min {min(walls):.2f}), CPU median {statistics.median(cpus):.2f} s "
                    f"({args.repeat} runs, {os.cpu_count()} cores)"
                )
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
