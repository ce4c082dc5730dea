"""Agreement of the k8s-pss-* policies with Kubernetes' Pod Security admission, per version and level.

    .venv/bin/python bench/pss.py [--reference tests/policy/pss_reference.yaml]

The reference set holds the pods of Pod Security admission's own test fixtures with the reference's verdict
per level and version (how it was made: its header). Each pod is placed, for every level and version the
reference judged it at, in a namespace labelled ``pod-security.kubernetes.io/enforce: <level>`` and
``enforce-version: <version>``, and every ``k8s-pss-*`` policy runs on it as ``fleetform policy`` does: a
pod is denied when any of them reports it. Prints, per version and level, the violating pods caught and the
compliant pods admitted, then every disagreement; exits 1 if there is one.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fleetform.cel.env import CelEngine
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import ClusterRef, Target, object_label

REFERENCE = Path(__file__).resolve().parent.parent / "tests" / "policy" / "pss_reference.yaml"
LEVELS = ("baseline", "restricted")


@dataclass
class Row:
    """The reference's verdicts at one level and version, and how many fleetform matched."""

    version: str
    level: str
    denied: int = 0
    caught: int = 0
    allowed: int = 0
    admitted: int = 0
    disagreements: list[str] = field(default_factory=list)


def namespace_name(level: str, version: str) -> str:
    return f"{level}-{version.replace('.', '-')}"


def reference_targets(reference: dict[str, Any]) -> tuple[list[Target], dict[str, tuple[str, str, str, str]]]:
    """The namespaces and pods to check, and per pod label: (name, level, version, the reference's verdict)."""
    cluster = ClusterRef("pss-reference", None, None)
    placed: dict[str, tuple[str, str, str, str]] = {}
    pods: list[dict[str, Any]] = []
    namespaces: set[tuple[str, str]] = set()
    for pod in reference["pods"]:
        for verdict in ("allow", "deny"):
            for level, versions in (pod.get(verdict) or {}).items():
                for version in versions:
                    namespaces.add((level, version))
                    metadata = {**(pod.get("metadata") or {}), "name": pod["name"]}
                    metadata["namespace"] = namespace_name(level, version)
                    data = {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": pod["spec"]}
                    placed[object_label(data)] = (pod["name"], level, version, verdict)
                    pods.append(data)
    objects = [
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {
                "name": namespace_name(level, version),
                "labels": {
                    "pod-security.kubernetes.io/enforce": level,
                    "pod-security.kubernetes.io/enforce-version": version,
                },
            },
        }
        for level, version in sorted(namespaces)
    ] + pods
    targets = [Target("pss-reference", i + 1, object_label(o), cluster, o) for i, o in enumerate(objects)]
    return targets, placed


def score(reference_file: Path = REFERENCE, policies_dir: Path = DEFAULT_POLICIES) -> list[Row]:
    """One row per version and level, versions in order."""
    reference = yaml.safe_load(reference_file.read_text(encoding="utf-8"))
    engine = CelEngine()
    policies = [p for p in load_policies(policies_dir, engine) if p.id.startswith("k8s-pss-")]
    targets, placed = reference_targets(reference)
    messages: dict[str, list[str]] = defaultdict(list)
    for finding in run_policies(engine, policies, targets):
        messages[finding.object].append(f"[{finding.rule}] {finding.message}")
    rows: dict[tuple[str, str], Row] = {}
    for label, (name, level, version, verdict) in placed.items():
        row = rows.setdefault((version, level), Row(version, level))
        denied = bool(messages.get(label))
        if verdict == "deny":
            row.denied += 1
            row.caught += denied
        else:
            row.allowed += 1
            row.admitted += not denied
        if denied != (verdict == "deny"):
            said = "; ".join(messages.get(label, [])) or "admitted"
            row.disagreements.append(f"{level}:{version} {name}: reference {verdict}, fleetform: {said}")
    return [rows[key] for key in sorted(rows, key=lambda k: (int(k[0].split(".")[1]), k[1]))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    args = parser.parse_args()
    rows = score(args.reference)
    print(f"{'version':8} {'level':11} {'violating pods denied':>22} {'compliant pods admitted':>24}  agreement")
    for row in rows:
        agree = (row.caught + row.admitted) / (row.denied + row.allowed)
        print(
            f"{row.version:8} {row.level:11} {f'{row.caught}/{row.denied}':>22} "
            f"{f'{row.admitted}/{row.allowed}':>24}  {agree:8.1%}"
        )
    disagreements = [d for row in rows for d in row.disagreements]
    for line in disagreements:
        print(line)
    print(f"disagreements: {len(disagreements)}")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
