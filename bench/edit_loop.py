"""Benchmark the edit loop: ``fleetform synth`` right after a one-line edit, with the synth cache of the
previous synth, as a user runs it.

Run by hand: ``.venv/bin/python bench/edit_loop.py [--repeat N]``. A temporary project gets a copy of
``settings/`` and one full synth (the warm cache). Then, for each edit: apply it, time ``fleetform synth``
(a fresh process, so Python and Node start-up count), note what it rendered, undo the edit and synth again
(not timed). Peak RSS is the largest single waited-for process (the Python parent or a Terraform worker).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLEETFORM = Path(sys.executable).with_name("fleetform")

#: name -> (settings file, text, replacement): one line each.
EDITS = {
    "staging API max replicas (k8s only)": (
        "environments/staging.yaml",
        "replicas: {min: 2, max: 10}",
        "replicas: {min: 2, max: 11}",
    ),
    "staging monthly budget (terraform only)": (
        "environments/staging.yaml",
        "monthly_budget: 8000",
        "monthly_budget: 8100",
    ),
    "dev log level (k8s only)": ("environments/dev.yaml", "log_level: DEBUG", "log_level: INFO"),
    "api image tag, every environment": ("platform.yaml", 'tag: "1.4.2"', 'tag: "1.4.3"'),
    "a comment": ("platform.yaml", "images:", "images:   # edited"),
    "no change": ("platform.yaml", "", ""),
}


def synth(project: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system, the process and its waited-for children), peak RSS (MiB) and
    the output line of one ``fleetform synth`` in ``project`` (the working
    directory)."""
    env = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    log = project / "synth.out"
    argv = [str(FLEETFORM), "synth"]
    start = time.perf_counter()
    pid = os.posix_spawn(
        argv[0],
        argv,
        env,
        file_actions=[(os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)],
    )
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"fleetform synth failed with exit {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, log.read_text().strip()


def edit(project: Path, file: str, old: str, new: str) -> str:
    """Apply one edit; returns the file's previous text."""
    path = project / "settings" / file
    text = path.read_text()
    if old and old not in text:
        raise SystemExit(f"{file}: {old!r} not found; update bench/edit_loop.py to the settings")
    path.write_text(text.replace(old, new, 1))
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    project = Path(tempfile.mkdtemp(prefix="fleetform-edit-loop-"))
    try:
        shutil.copytree(REPO / "settings", project / "settings")
        os.chdir(project)
        synth(project)
        for name, (file, old, new) in EDITS.items():
            runs: list[tuple[float, float, float]] = []
            line = ""
            for _ in range(args.repeat):
                before = edit(project, file, old, new)
                seconds, cpu, rss, line = synth(project)
                runs.append((seconds, cpu, rss))
                (project / "settings" / file).write_text(before)
                synth(project)
            rendered = line.partition(" (")[2].rstrip(")") or line
            print(
                f"{name:40s} wall median {statistics.median(t for t, _, _ in runs):5.2f} s  "
                f"cpu median {statistics.median(c for _, c, _ in runs):5.2f} s  "
                f"peak RSS {max(r for _, _, r in runs):5.0f} MiB  {rendered}"
            )
    finally:
        os.chdir(REPO)
        shutil.rmtree(project)
    print(f"({args.repeat} runs each, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
