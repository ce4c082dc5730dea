"""Time ``fleetform validate -n N`` against the parse floor on a corpus (run by hand, not in tests).

The floor is PyYAML's C loader reading every document of every file in one fresh process (the least a
Python validator built on PyYAML must do). Both commands run as fresh processes, interleaved round by round
(the order turning each round, so that no command always runs right after another), and the medians are
compared, so a busy machine slows both alike.

    .venv/bin/python bench/validate_real.py [CORPUS] [--workers 2] [--rounds 5] [--kubernetes-validate 300]
    .venv/bin/python bench/validate_real.py --synthetic [--files 35139 --resources 50714]

``--kubernetes-validate N`` also times kubernetes-validate's CLI (one process, as its users run it) on N of
the corpus' files, every k-th in path order so that each project is in the sample, and compares resources
per second: fleetform's median ``-n N`` run over the whole corpus, and fleetform ``-n 1`` on the same sample
(resources are counted by fleetform's summary of the sample).

CORPUS defaults to the real-world corpus that ``bench/corpus_build.py build`` writes; ``--synthetic`` uses the
generated corpus of ``bench/validate.py`` instead (written to a temporary folder).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus_build import default_out
from validate import generate

FLOOR = """
import os, sys, yaml
count = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                count += sum(1 for _ in yaml.load_all(handle.read(), Loader=yaml.CSafeLoader))
print(count, "documents")
"""
_SUFFIXES = (".yaml", ".yml", ".json")
OURS = "import sys; from fleetform.commands.validate import run; sys.exit(run(sys.argv[1:]))"


def timed(command: list[str], path: str = "") -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, all its processes) and the last output line of ``command``
    (run with ``PYTHONPATH=path`` when given: another checkout's ``fleetform``)."""
    env = {**os.environ, "PYTHONPATH": path} if path else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # run outside any checkout: ``python -c`` puts the working folder first on sys.path
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return elapsed, cpu, lines[-1] if lines else ""


def _files(root: Path) -> list[str]:
    """The manifest files under ``root``, sorted as strings."""
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names if n.endswith(_SUFFIXES))


def describe(root: Path) -> str:
    files = _files(root)
    size = sum(os.path.getsize(f) for f in files)
    return f"{len(files)} files, {size / 1e6:.1f} MB"


def _resources(summary: str) -> int:
    """The resource count of fleetform's ``-summary`` line (``Summary: 6795 resources found in ...``)."""
    match = re.search(r"(\d+) resources? found", summary)
    if match is None:
        raise SystemExit(f"no resource count in fleetform's summary: {summary!r}")
    return int(match.group(1))


def against_kubernetes_validate(root: Path, count: int, rate: float) -> None:
    """Resources per second of kubernetes-validate's CLI on ``count`` files of ``root``, beside fleetform's
    ``rate`` on the whole corpus and fleetform ``-n 1`` on the same files."""
    files = _files(root)
    step = max(1, len(files) // count)
    sample = files[::step][:count]
    ours_cmd = [sys.executable, "-c", OURS, "-n", "1", "-summary", *sample]
    ours_wall, _, ours_last = timed(ours_cmd)
    resources = _resources(ours_last)
    theirs = [sys.executable, "-m", "kubernetes_validate", "-k", "1.32", "--quiet", "--no-warn", *sample]
    theirs_wall, _, _ = timed(theirs)
    print(f"kubernetes-validate on {len(sample)} files ({resources} resources, every {step}th):")
    print(f"  kubernetes-validate CLI: {theirs_wall:.2f} s, {resources / theirs_wall:,.0f} resources/s")
    print(
        f"  fleetform -n 1 on the same files: {ours_wall:.2f} s, {resources / ours_wall:,.0f} resources/s "
        f"({theirs_wall / ours_wall:.1f}x kubernetes-validate's)"
    )
    print(
        f"  fleetform on the whole corpus (median above): {rate:,.0f} resources/s "
        f"({rate / (resources / theirs_wall):.1f}x kubernetes-validate's)"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=default_out())
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--synthetic", action="store_true", help="the generated corpus of bench/validate.py")
    parser.add_argument("--files", type=int, default=35_139)
    parser.add_argument("--resources", type=int, default=50_714)
    parser.add_argument("--baseline", help="a folder holding another fleetform package, timed in the same rounds")
    parser.add_argument("--kubernetes-validate", type=int, default=0, metavar="N", help="files to time it on")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="fleetform-bench-")) if args.synthetic else args.corpus
    try:
        if args.synthetic:
            generate(root, args.files, args.resources)
        print(f"corpus: {root} ({describe(root)}); load average {os.getloadavg()[0]:.2f}")
        floor_cmd = [sys.executable, "-c", FLOOR, str(root)]
        ours_cmd = [sys.executable, "-c", OURS, "-n", str(args.workers), "-summary", str(root)]
        runs = {"floor": (floor_cmd, ""), f"fleetform -n {args.workers}": (ours_cmd, "")}
        if args.baseline:
            runs[f"baseline -n {args.workers}"] = (ours_cmd, args.baseline)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        last_lines: dict[str, str] = {}
        for round_ in range(args.rounds):
            order = list(runs.items())
            order = order[round_ % len(order) :] + order[: round_ % len(order)]  # each command in each place
            for name, (command, path) in order:
                wall, cpu, last = timed(command, path)
                times[name].append((wall, cpu))
                last_lines[name] = last
                print(f"round {round_ + 1}: {name}: {wall:.2f} s wall, {cpu:.2f} s CPU [{last}]")
        floor_wall = statistics.median(t for t, _ in times["floor"])
        floor_cpu = statistics.median(c for _, c in times["floor"])
        print(f"medians of {args.rounds} rounds (load average now {os.getloadavg()[0]:.2f}):")
        for name, found in times.items():
            wall, cpu = statistics.median(t for t, _ in found), statistics.median(c for _, c in found)
            print(
                f"  {name}: {wall:.2f} s wall ({wall / floor_wall:.2f}x the floor), "
                f"{cpu:.2f} s CPU ({cpu / floor_cpu:.2f}x)"
            )
        if args.kubernetes_validate:
            ours = f"fleetform -n {args.workers}"
            rate = _resources(last_lines[ours]) / statistics.median(t for t, _ in times[ours])
            against_kubernetes_validate(root, args.kubernetes_validate, rate)
    finally:
        if args.synthetic:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
