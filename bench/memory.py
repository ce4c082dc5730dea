"""Memory of each step of ``fleetform check`` on one large input (run by hand, not in tests).

Each step (validate, policy, secret scan, and all three in one process) runs in a child forked from a process
that has loaded the schemas and compiled the policies; its memory is the child's peak resident size
(``wait4``'s ``ru_maxrss``) less its resident size when it starts (the parent's file pages mapped, see
:mod:`tests.fuzz.rss`), divided by the input's size. Two inputs of ``--size`` bytes, made from the
committed ``dist/``: many copies of a Deployment (many documents), and the Deployment with one big scalar.

    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 .venv/bin/python bench/memory.py [--size 4194304]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fuzz.rss import baseline as resident_baseline  # noqa: E402 - after the path above
from tests.fuzz.targets import Harness, Outcome  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=4 * 2**20)
    args = parser.parse_args()
    manifest = (REPO / "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml").read_bytes()
    inputs = {
        "many documents": (manifest + b"---\n") * (args.size // (len(manifest) + 4)),
        "one big scalar": manifest + b"big: " + b"y" * args.size,
    }
    with tempfile.TemporaryDirectory(prefix="fleetform-memory-") as work:
        harness = Harness(REPO, Path(work))
        folder = Path(work) / "k8s" / "aws-dev"
        folder.mkdir(parents=True)
        warm = folder / "warm.yaml"
        warm.write_bytes(manifest)
        steps: dict[str, Callable[[Path, Outcome], None]] = {
            "validate": harness._validate,
            "policy": harness._policy,
            "secrets": harness._secrets,
        }
        for step in steps.values():  # compile what each step compiles lazily before forking
            step(warm, Outcome())
        for name, data in inputs.items():
            path = folder / "input.yaml"
            path.write_bytes(data)
            shown = []
            every: Callable[[Path, Outcome], None] = partial(_all, list(steps.values()))
            for step_name, step in [*steps.items(), ("all", every)]:
                growth = _forked(partial(step, path, Outcome()))
                shown.append(f"{step_name} {growth / len(data):.1f}x ({growth / 2**20:.1f} MiB)")
            print(f"{name} ({len(data) / 2**20:.1f} MiB): " + ", ".join(shown))
    return 0


def _all(steps: list[Callable[[Path, Outcome], None]], path: Path, outcome: Outcome) -> None:
    for step in steps:
        step(path, outcome)


def _forked(run: Callable[[], object]) -> int:
    """Bytes the child running ``run`` grew by (peak resident size less its size at the start)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        baseline = resident_baseline()
        run()
        with os.fdopen(write_fd, "w") as out:
            out.write(json.dumps(baseline))
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        baseline = int(json.loads(pipe.read()))
    _, _, usage = os.wait4(pid, 0)
    return max(0, usage.ru_maxrss * 1024 - baseline)


if __name__ == "__main__":
    sys.exit(main())
