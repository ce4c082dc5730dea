"""The k8s-pss-* policies agree with Kubernetes' Pod Security admission on every pod of its own test
fixtures, at both levels and every version fleetform bundles (tests/policy/pss_reference.yaml, scored by
bench/pss.py, which prints the same as a table)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import yaml

REPO = Path(__file__).resolve().parents[2]
BUNDLED = [f"v1.{minor}" for minor in range(25, 38)]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_pss", REPO / "bench" / "pss.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_verdict_of_the_reference_is_fleetform_s_at_every_bundled_version_and_level() -> None:
    rows = _bench().score()
    assert [(r.version, r.level) for r in rows] == [(v, lvl) for v in BUNDLED for lvl in ("baseline", "restricted")]
    assert [d for r in rows for d in r.disagreements] == []
    assert all(r.caught == r.denied > 0 and r.admitted == r.allowed > 0 for r in rows)
    v137 = {r.level: (r.denied, r.allowed) for r in rows if r.version == "v1.37"}
    assert v137 == {"baseline": (34, 14), "restricted": (75, 18)}  # distinct pods (the reference has duplicates)


def test_the_reference_never_gives_one_pod_two_verdicts_at_one_level_and_version() -> None:
    pods = yaml.safe_load((REPO / "tests" / "policy" / "pss_reference.yaml").read_text(encoding="utf-8"))["pods"]
    for pod in pods:
        for level in ("baseline", "restricted"):
            allowed = set((pod.get("allow") or {}).get(level, []))
            denied = set((pod.get("deny") or {}).get(level, []))
            assert allowed.isdisjoint(denied), pod["name"]
    assert len({p["name"] for p in pods}) == len(pods) == 151
