"""Fuzz validate, policy, the Terraform check, the secret scan and the settings loader (run by hand).

The inputs are :mod:`tests.fuzz.inputs`' seeded mutations of the repository's manifests, Terraform stacks
and settings; each runs through :mod:`tests.fuzz.targets` in a process forked from one that has loaded the
schemas and compiled the policies once (for every file the inputs are made from), so that each input is
timed and measured on its own:

- a **crash** is an exception the CLI would turn into exit 3; an **unlocated** message is an error that
  does not start with its file (and line), spans lines or is over 1,000 characters;
- a **hang** is an input still running after ``--timeout`` seconds (5): the child is killed;
- **memory** is the child's peak resident size (``wait4``'s ``ru_maxrss``) less its resident size when it
  starts, once the parent's file pages are mapped (:mod:`tests.fuzz.rss`): what the input made the process
  allocate. The report gives the worst ratio to the input's size among inputs of at least 256 KiB (and,
  apart, of 64-256 KiB; below that, fixed costs dominate) and the largest growth.

    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 .venv/bin/python bench/fuzz.py [--inputs 10000]
        [--seed 1] [--timeout 5] [--show 5]
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fuzz.inputs import FuzzInput, Generator  # noqa: E402 - after the path above
from tests.fuzz.rss import baseline as resident_baseline  # noqa: E402
from tests.fuzz.targets import Harness, Outcome  # noqa: E402

#: Inputs this big or bigger are the ones whose memory is compared with their size.
LARGE = 256 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--show", type=int, default=5, help="examples shown per kind of problem")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fleetform-fuzz-") as work:
        harness = Harness(REPO, Path(work))
        generator = Generator(args.seed, REPO)
        for warm in _bases(generator):  # what any input of a base pays once (its schemas, policies) before forking
            harness.run(warm)
        for warm in (generator.next() for _ in range(6)):
            harness.run(warm)
        generator = Generator(args.seed, REPO)
        return _run(harness, generator, args)


def _bases(generator: Generator) -> list[FuzzInput]:
    """Every file the inputs are made from, unchanged: run once in the parent, so that a child's growth is
    what its input's content costs and not the first compile of its kind's schema and policies (a fixed cost
    of a few MB for a large CRD, paid once per run whatever the size of the files of that kind)."""
    manifests = [FuzzInput("manifest", "fuzz.yaml", data, "base") for data in generator.manifests]
    stacks = [FuzzInput("terraform", "cdk.tf.json", data, "base") for data in generator.stacks]
    settings = [FuzzInput("settings", name, data, "base") for name, data in generator.settings.items()]
    return [*manifests, *stacks, *settings]


def _run(harness: Harness, generator: Generator, args: argparse.Namespace) -> int:
    counts: Counter[str] = Counter()
    problems: dict[str, list[str]] = {"crash": [], "unlocated": [], "hang": []}
    worst_growth, slowest = (0, ""), (0.0, "")
    small: dict[str, list[int]] = {}  # growth of inputs under 64 KiB, per kind: the fixed cost of a run
    large: list[tuple[str, int, int, str]] = []  # (kind, size, growth, label)
    medium: list[tuple[float, str]] = []  # (growth / size, label) of inputs of 64 to 256 KiB
    start = time.perf_counter()
    for index in range(args.inputs):
        item = generator.next()
        counts[item.kind] += 1
        outcome, seconds, growth = _forked(harness, item, args.timeout)
        label = f"#{index} {item.kind} {item.name} ({item.how}, {len(item.data)} bytes)"
        if outcome is None:
            problems["hang"].append(label)
            continue
        counts["errors"] += outcome.errors
        problems["crash"].extend(f"{label}: {c.strip().splitlines()[-1]}" for c in outcome.crashes)
        problems["unlocated"].extend(f"{label}: {u!r}" for u in outcome.unlocated)
        slowest = max(slowest, (seconds, label))
        worst_growth = max(worst_growth, (growth, label))
        if len(item.data) >= LARGE:
            large.append((item.kind, len(item.data), growth, label))
        elif len(item.data) >= 64 * 1024:
            medium.append((growth / len(item.data), label))
        else:
            small.setdefault(item.kind, []).append(growth)
    elapsed = time.perf_counter() - start
    print(f"inputs: {args.inputs} (seed {args.seed}) in {elapsed:.0f} s: " + ", ".join(f"{k} {counts[k]}" for k in (
        "manifest", "terraform", "settings")) + f"; located errors reported: {counts['errors']}")  # fmt: skip
    for kind, found in problems.items():
        print(f"{kind}es: {len(found)}" if kind == "crash" else f"{kind}s: {len(found)}")
        for example in found[: args.show]:
            print(f"  {example[:400]}")
    print(f"slowest input: {slowest[0]:.2f} s ({slowest[1]})")
    print(f"largest memory growth: {worst_growth[0] / 2**20:.1f} MiB ({worst_growth[1]})")
    fixed = {kind: sorted(values)[len(values) // 2] for kind, values in small.items()}
    print("median growth of inputs under 64 KiB: " + ", ".join(f"{k} {v / 2**20:.1f} MiB" for k, v in fixed.items()))
    ratios = sorted(((growth - fixed.get(kind, 0)) / size, label) for kind, size, growth, label in large)
    if ratios:
        print(f"inputs of {LARGE // 1024} KiB or more: {len(large)}; (growth - that median) / size: "
              f"worst {ratios[-1][0]:.1f}x ({ratios[-1][1]}), median {ratios[len(ratios) // 2][0]:.1f}x")  # fmt: skip
    if medium:
        worst = max(medium)
        print(f"inputs of 64 to {LARGE // 1024} KiB: {len(medium)}; growth / size: worst {worst[0]:.1f}x ({worst[1]})")
    _scaling(harness, args.timeout)
    return 1 if any(problems.values()) else 0


def _scaling(harness: Harness, timeout: float) -> None:
    """Memory and time of one input of each kind at 256 KiB, 1 MiB and 4 MiB: the slope between the sizes
    is what the input's size costs, apart from the fixed cost of a run (lazily compiled policies...)."""
    manifest = (REPO / "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml").read_bytes()
    makers: dict[str, Callable[[int], FuzzInput]] = {
        "manifest (one big scalar)": lambda n: FuzzInput("manifest", "fuzz.yaml", manifest + b"big: " + b"y" * n, ""),
        "manifest (many documents)": lambda n: FuzzInput(
            "manifest", "fuzz.yaml", (manifest + b"---\n") * (n // len(manifest)), ""
        ),
        "terraform (one big string)": lambda n: FuzzInput(
            "terraform", "cdk.tf.json", b'{"resource": {"aws_s3_bucket": {"b": {"bucket": "' + b"x" * n + b'"}}}}', ""
        ),
        "settings (over the size limit)": lambda n: FuzzInput(
            "settings", "platform.yaml", b"name: ml-platform\nx: " + b"z" * n, ""
        ),
    }
    print("scaling (growth in MiB and seconds at 256 KiB / 1 MiB / 4 MiB; slope = extra bytes per input byte):")
    for name, make in makers.items():
        runs = [_forked(harness, make(size), timeout) for size in (2**18, 2**20, 2**22)]
        growths = [growth for _, _, growth in runs]
        slope = (growths[2] - growths[0]) / (2**22 - 2**18)
        shown = " / ".join(f"{growth / 2**20:.1f} MiB {seconds:.2f} s" for _, seconds, growth in runs)
        print(f"  {name}: {shown}; slope {slope:.1f}x")


def _forked(harness: Harness, item: FuzzInput, timeout: float) -> tuple[Outcome | None, float, int]:
    """Run ``item`` in a child: (its outcome or ``None`` on a hang, seconds, bytes of memory growth)."""
    read_fd, write_fd = os.pipe()
    began = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: run, send the outcome, never return
        code = 0
        try:
            os.close(read_fd)
            baseline = resident_baseline()  # after mapping the parent's file pages (see tests.fuzz.rss)
            outcome = harness.run(item)
            with os.fdopen(write_fd, "w") as out:
                out.write(json.dumps({"baseline": baseline, "outcome": asdict(outcome)}))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    ready, _, _ = select.select([read_fd], [], [], timeout)
    data = b""
    if ready:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
    else:
        os.kill(pid, signal.SIGKILL)
        os.close(read_fd)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - began
    if not ready or seconds > timeout:
        return None, seconds, 0
    if not data or status != 0:
        return Outcome(crashes=[f"child exited with status {status} and no outcome"]), seconds, 0
    sent = json.loads(data)
    return Outcome(**sent["outcome"]), seconds, max(0, usage.ru_maxrss * 1024 - sent["baseline"])


if __name__ == "__main__":
    sys.exit(main())
