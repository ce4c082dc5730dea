"""Policy fixtures: each folder's ``pass/`` and ``fail/`` objects, run through that folder's policy only,
must give exactly the messages ``expected.yaml`` lists per fixture object::

    fail/privileged.yaml:
      apps/v1 Deployment ml-dev/api:
        - containers [api] must set securityContext.allowPrivilegeEscalation: false
    pass/restricted.yaml:
      apps/v1 Deployment ml-dev/api: []
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fleetform.cel.env import CelEngine
from fleetform.errors import located
from fleetform.policy.model import Policy
from fleetform.policy.runner import run_policies
from fleetform.policy.targets import load_targets

Results = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class FixtureResult:
    """``problems`` lists every difference between what the policy did and what was expected."""

    policy: str
    objects: int
    problems: tuple[str, ...]


def actual_results(engine: CelEngine, policy: Policy, folder: Path) -> Results:
    """``{fixture file (relative to the folder): {object label: [messages]}}`` for every fixture object."""
    paths = [folder / sub for sub in ("pass", "fail") if (folder / sub).is_dir()]
    targets = load_targets(paths)
    out: Results = {}
    for target in targets:
        out.setdefault(_relative(target.file, folder), {}).setdefault(target.label, [])
    for finding in run_policies(engine, [policy], targets):
        out[_relative(finding.file, folder)][finding.object].append(finding.message)
    return out


def check_fixtures(engine: CelEngine, policy: Policy) -> FixtureResult:
    folder = Path(policy.file).parent
    actual = actual_results(engine, policy, folder)
    expected = _expected(folder / "expected.yaml")
    problems: list[str] = []
    if not any(f.startswith("fail/") for f in actual) or not any(f.startswith("pass/") for f in actual):
        problems.append(f"{folder.as_posix()}: needs at least one pass/ and one fail/ fixture object")
    for file in sorted(set(actual) | set(expected)):
        if file.startswith("fail/") and not any(expected.get(file, {}).values()):
            problems.append(f"{folder.as_posix()}/{file}: a fail/ fixture must expect at least one message")
        for label in sorted(set(actual.get(file, {})) | set(expected.get(file, {}))):
            problems.extend(_compare(folder, file, label, actual, expected))
    objects = sum(len(v) for v in actual.values())
    return FixtureResult(policy.id, objects, tuple(problems))


def _compare(folder: Path, file: str, label: str, actual: Results, expected: Results) -> list[str]:
    where = f"{folder.as_posix()}/{file}: {label}"
    got, want = actual.get(file, {}).get(label), expected.get(file, {}).get(label)
    if got is None:
        return [f"{where}: listed in expected.yaml but not in the fixtures"]
    if want is None:
        return [f"{where}: not listed in expected.yaml (got {got})"]
    if file.startswith("pass/") and got:
        return [f"{where}: a pass/ fixture must pass, got {got}"]
    return [] if got == want else [f"{where}: expected {want}, got {got}"]


def _expected(path: Path) -> Results:
    if not path.is_file():
        return {}
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise located(path.as_posix(), 1, "", "not a mapping", "{fixture file: {object: [messages]}}")
    return {str(f): {str(o): list(m or []) for o, m in (objs or {}).items()} for f, objs in data.items()}


def _relative(file: str, folder: Path) -> str:
    return Path(file).relative_to(folder).as_posix()
