"""The entry points other commands use: ``check_paths`` (``fleetform check``) returns a :class:`Report`."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from pathlib import Path

from fleetform.cel.env import CelEngine
from fleetform.errors import UserError, located
from fleetform.files import manifest_files
from fleetform.findings.finding import GATE_RULE_PREFIX
from fleetform.parse_cache import ParseCache
from fleetform.policy.compiled import Compiled, read_compiled
from fleetform.policy.loader import DEFAULT_POLICIES, load_policies, shown
from fleetform.policy.report import Report
from fleetform.policy.waivers import apply_waivers, load_waivers
from fleetform.policy.workers import check_files, default_workers


def check_paths(
    paths: list[Path],
    *,
    policies_dir: Path = DEFAULT_POLICIES,
    waivers: Path | None = None,
    only: Iterable[str] = (),
    today: dt.date | None = None,
    cache_dir: Path | None = None,
    parse_cache_dir: Path | None = None,
    workers: int | None = None,
) -> Report:
    """Run every policy (or the ids in ``only``) over ``paths``; apply ``waivers`` (default: the policies
    folder's ``waivers.yaml`` if it exists). ``cache_dir`` keeps compiled CEL between runs (the CLI uses
    :func:`~fleetform.cel.cache.default_cache_dir`), ``parse_cache_dir`` parsed files (the CLI uses
    :func:`~fleetform.parse_cache.default_parse_cache_dir`). ``workers``: processes that check the files
    (default: one per CPU, see :mod:`fleetform.policy.workers`). A file that is bad input is reported in
    ``Report.errors`` and the others are checked; raises :class:`UserError` on bad arguments, policies or
    waivers."""
    collecting = gc.isenabled()
    gc.disable()  # the objects built here live until the report is made: collections would only cost time
    try:
        compiled = read_compiled(policies_dir)  # the library compiled ahead of time, shipped with it
        engine = CelEngine(cache_dir, compiled.program if compiled is not None else None)
        parsed = ParseCache(parse_cache_dir) if parse_cache_dir is not None else None
        when = today or dt.date.today()
        return _check(paths, policies_dir, waivers, set(only), when, engine, (parsed, compiled), workers)
    finally:
        if collecting:
            gc.enable()


def _check(
    paths: list[Path],
    policies_dir: Path,
    waivers: Path | None,
    wanted: set[str],
    today: dt.date,
    engine: CelEngine,
    caches: tuple[ParseCache | None, Compiled | None],
    workers: int | None,
) -> Report:
    parsed, compiled = caches
    policies = load_policies(policies_dir, engine, parsed, compiled)
    unknown = sorted(wanted - {p.id for p in policies})
    if unknown:
        raise UserError(
            f"--policy {unknown[0]}: no such policy in {policies_dir.as_posix()}; "
            "expected a folder name under the policies folder"
        )
    if wanted:
        policies = [p for p in policies if p.id in wanted]
    for path in paths:  # a wrong argument is a usage error: nothing is checked
        if not path.exists():
            raise located(path.as_posix(), None, "", "no such file or folder", "an existing path")
    count = default_workers() if workers is None else workers
    checked = check_files(engine, policies, manifest_files(paths), count, parsed)
    waiver_file = waivers if waivers is not None else shown(policies_dir) / "waivers.yaml"
    loaded = load_waivers(waiver_file, parsed, compiled) if waivers is not None or waiver_file.is_file() else []
    loaded = [w for w in loaded if not w.policy.startswith(GATE_RULE_PREFIX)]  # the integrity gate's own
    if wanted:
        loaded = [w for w in loaded if w.policy in wanted]
    applied = apply_waivers(checked.findings, loaded, today)
    return Report(
        applied.findings, applied.waived, applied.problems, tuple(policies), checked.objects, tuple(checked.errors)
    )
