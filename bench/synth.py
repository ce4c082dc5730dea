"""Benchmark ``fleetform synth``: a full synth into an empty folder, then a no-change run, the
Terraform baseline the issue compares with (one stack per cloud synthesized in a single process), and
the Kubernetes half alone (all 9 clusters, rendered in memory, no cache).

Run by hand: ``.venv/bin/python bench/synth.py [--repeat N]``. Each run is a fresh process (as users run
it), so the numbers include Python start-up and Node (jsii) start-up. Peak RSS is the largest single
process of the run's tree that was waited for (``wait4``): the Python parent or a worker process;
jsii's Node children are not always included, so treat it as a lower bound.
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


K8S_ONLY = (
    "from pathlib import Path; from fleetform.synth import synthesize; synthesize(Path('settings'), terraform=False)"
)
BASELINE = (
    "from pathlib import Path; from fleetform.settings import load_settings; "
    "from fleetform.terraform.synth import stack_contexts, synth_stacks; settings = load_settings(Path('settings')); "
    "[synth_stacks(stack_contexts(settings, [c])) for c in ('aws-production', 'azure-production', 'gcp-production')]"
)


def run_once(out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``fleetform synth --out OUT``."""
    exe = Path(sys.executable).with_name("fleetform")
    return timed([str(exe), "synth", "--out", str(out)])


def timed(argv: list[str]) -> tuple[float, float]:
    env = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"fleetform synth failed with exit {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.chdir(REPO)
    full: list[tuple[float, float]] = []
    nochange: list[tuple[float, float]] = []
    baseline: list[tuple[float, float]] = []
    k8s: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        tmp = Path(tempfile.mkdtemp(prefix="fleetform-bench-"))
        try:
            full.append(run_once(tmp / "dist"))
            nochange.append(run_once(tmp / "dist"))
            baseline.append(timed([sys.executable, "-c", BASELINE]))
            k8s.append(timed([sys.executable, "-c", K8S_ONLY]))
        finally:
            shutil.rmtree(tmp)
    rows = (
        ("full synth", full),
        ("no-change synth", nochange),
        ("tf 3 stacks 1 proc", baseline),
        ("k8s only, 9 clusters", k8s),
    )
    for label, runs in rows:
        times = [t for t, _ in runs]
        print(
            f"{label:20s} median {statistics.median(times):.2f} s  min {min(times):.2f} s  "
            f"peak RSS {max(r for _, r in runs):.0f} MiB  ({len(runs)} runs, {os.cpu_count()} cores)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
