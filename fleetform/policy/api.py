"""The entry points other commands use: ``check_paths`` (``fleetform check``) returns a :class:`Report`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from fleetform.errors import UserError
from fleetform.policy.k8scel.env import CelEngine
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies, shown
from fleetform.policy.report import Report
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import load_targets
from fleetform.policy.waivers import apply_waivers, load_waivers


def check_paths(
    paths: list[Path],
    *,
    policies_dir: Path = DEFAULT_POLICIES,
    waivers: Path | None = None,
    only: Iterable[str] = (),
    today: dt.date | None = None,
    cache_dir: Path | None = None,
) -> Report:
    """Run every policy (or the ids in ``only``) over ``paths``; apply ``waivers`` (default: the policies
    folder's ``waivers.yaml`` if it exists). ``cache_dir`` keeps compiled CEL between runs (the CLI uses
    :func:`~fleetform.policy.k8scel.cache.default_cache_dir`). Raises :class:`UserError` on bad input."""
    engine = CelEngine(cache_dir)
    policies = load_policies(policies_dir, engine)
    wanted = set(only)
    unknown = sorted(wanted - {p.id for p in policies})
    if unknown:
        raise UserError(
            f"--policy {unknown[0]}: no such policy in {policies_dir.as_posix()}; "
            "expected a folder name under the policies folder"
        )
    if wanted:
        policies = [p for p in policies if p.id in wanted]
    targets = load_targets(paths)
    findings = run_policies(engine, policies, targets)
    waiver_file = waivers if waivers is not None else shown(policies_dir) / "waivers.yaml"
    loaded = load_waivers(waiver_file) if waivers is not None or waiver_file.is_file() else []
    if wanted:
        loaded = [w for w in loaded if w.policy in wanted]
    applied = apply_waivers(findings, loaded, today or dt.date.today())
    return Report(applied.findings, applied.waived, applied.problems, tuple(policies), len(targets))
