"""Churn: how many files of ``dist/`` one everyday settings edit changes (run by hand, not in tests).

Each edit is applied to a copy of ``settings/``; the copy and the original are synthesized in full (Kubernetes
and Terraform, no cache) and the two trees compared file by file. The table counts changed files under
``k8s/``, under ``terraform/`` and in all (``manifest.json``, which lists every file's digest, changes with
any of them). ``tests/test_churn.py`` pins the exact file set of the version bump.

    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 .venv/bin/python bench/churn.py [--settings DIR]

To measure an older fleetform, run this file from a checkout of it (``PYTHONPATH=<checkout>``, working
directory the checkout): it uses only ``fleetform.synth.synthesize``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

#: A new digest for the image bump: any 64 hex digits (the digest is an input here, not checked).
NEW_DIGEST = "sha256:" + "5e" * 32


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    if old not in text:
        raise SystemExit(f"{path}: {old!r} not found; adapt the edit to the settings")
    path.write_text(text.replace(old, new, 1))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def version_bump(settings: Path) -> None:
    _replace(settings / "platform.yaml", "version: 1.4.2 ", "version: 1.4.3 ")


def image_bump(settings: Path) -> None:
    platform = settings / "platform.yaml"
    _replace(platform, 'api\n    tag: "1.4.2"', 'api\n    tag: "1.4.3"')
    _replace(platform, "sha256:3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c", NEW_DIGEST)


def replica_bound(settings: Path) -> None:
    _replace(settings / "environments/dev.yaml", "  replicas: {min: 1, max: 3}", "  replicas: {min: 1, max: 4}")


def alert_threshold(settings: Path) -> None:
    _append(settings / "environments/production.yaml", "alerts: {error_ratio: 0.02}\n")


def chart_pin(settings: Path) -> None:
    _append(settings / "platform.yaml", "charts: {velero: 8.5.1}\n")


EDITS: dict[str, Callable[[Path], None]] = {
    "version bump (platform.yaml version)": version_bump,
    "image bump (api tag + digest)": image_bump,
    "one replica bound (dev api max)": replica_bound,
    "one alert threshold (production error ratio)": alert_threshold,
    "one chart pin (velero)": chart_pin,
}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settings", type=Path, default=Path("settings"))
    args = parser.parse_args()
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from fleetform.synth import synthesize

    tmp = Path(tempfile.mkdtemp(prefix="fleetform-churn-"))
    try:
        base = synthesize(args.settings, out=tmp / "dist").tree
        print(f"{'edit':46s} {'k8s':>5s} {'terraform':>9s} {'all files':>9s}  (of {len(base)})")
        for label, edit in EDITS.items():
            settings = tmp / "settings"
            shutil.rmtree(settings, ignore_errors=True)
            shutil.copytree(args.settings, settings)
            edit(settings)
            files = changed(base, synthesize(settings, out=tmp / "dist").tree)
            k8s = sum(f.startswith("k8s/") for f in files)
            terraform = sum(f.startswith("terraform/") for f in files)
            print(f"{label:46s} {k8s:5d} {terraform:9d} {len(files):9d}")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
