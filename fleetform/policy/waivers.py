"""Waivers: a named, owned, dated exception for some objects of one policy.

File format (``policies/waivers.yaml`` by default)::

    waivers:
      - id: off-hours-scaler-token          # unique
        policy: k8s-service-account-token   # the policy id
        objects: ["batch/v1 CronJob ml-*/off-hours-scaler-*"]   # object labels, shell patterns
        paths: ["dist/k8s/*"]               # optional: file patterns (default: any file)
        reason: the scaler calls the API server to scale Deployments
        owner: platform-team@acme.example
        expires: 2027-06-30

A waived finding is kept and counted as waived; an expired waiver waives nothing; waivers that waive
nothing are reported as unused.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fleetform.errors import UserError, located
from fleetform.findings.finding import Finding
from fleetform.parse_cache import ParseCache

if TYPE_CHECKING:
    from fleetform.policy.compiled import Compiled

_FIELDS = ("id", "policy", "objects", "reason", "owner", "expires")


@dataclass(frozen=True)
class Waiver:
    id: str
    policy: str
    objects: tuple[str, ...]
    paths: tuple[str, ...]
    reason: str
    owner: str
    expires: dt.date
    file: str
    line: int

    def covers(self, finding: Finding) -> bool:
        return (
            finding.rule == self.policy
            and any(fnmatchcase(finding.object, pattern) for pattern in self.objects)
            and any(fnmatchcase(finding.file, pattern) for pattern in self.paths)
        )


@dataclass(frozen=True)
class WaivedFinding:
    finding: Finding
    waiver: str


@dataclass(frozen=True)
class WaiverProblem:
    """An expired or unused waiver: ``problem`` is ``expired`` or ``unused``."""

    waiver: Waiver
    problem: str

    @property
    def text(self) -> str:
        w = self.waiver
        detail = f"expired on {w.expires.isoformat()}" if self.problem == "expired" else "matches no finding"
        return f"{w.file}:{w.line}: waiver {w.id} ({w.policy}, owner {w.owner}): {detail}"


@dataclass(frozen=True)
class Applied:
    findings: tuple[Finding, ...]
    waived: tuple[WaivedFinding, ...]
    problems: tuple[WaiverProblem, ...]


def load_waivers(path: Path, cache: ParseCache | None = None, compiled: Compiled | None = None) -> list[Waiver]:
    """The waivers of ``path``; raises :class:`UserError` on a bad file. ``cache`` keeps the parsed file
    between runs (see :mod:`fleetform.parse_cache`); ``compiled`` may hold it read ahead of time."""
    file = path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{file}: cannot read waivers ({exc.__class__.__name__}); expected a YAML file") from None
    parse = functools.partial(read_waivers, raw, file)
    shipped = compiled.document(raw) if compiled is not None else None
    data, lines = shipped or (parse() if cache is None else cache.cached("waivers", raw, parse))
    items = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise located(file, 1, "waivers", "missing or not a list", "a top-level 'waivers:' list")
    out = [_waiver(item, file, lines[i] if i < len(lines) else 1, i) for i, item in enumerate(items)]
    seen: set[str] = set()
    for w in out:
        if w.id in seen:
            raise located(file, w.line, "id", f"waiver id '{w.id}' used twice", "unique waiver ids")
        seen.add(w.id)
    return out


def read_waivers(raw: bytes, file: str) -> tuple[Any, list[int]]:
    """The file's data, and the line of each item of its ``waivers`` list (PyYAML: imported on a cache miss)."""
    import yaml

    try:
        text = raw.decode("utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text) or {}
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"{file}: cannot read waivers ({exc.__class__.__name__}); expected a YAML file") from None
    return data, _item_nodes(root)


def _item_nodes(root: Any) -> list[int]:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "waivers" and isinstance(value, yaml.SequenceNode):
            return [node.start_mark.line + 1 for node in value.value]
    return []


def _waiver(item: Any, file: str, line: int, index: int) -> Waiver:
    if not isinstance(item, dict):
        raise located(file, line, f"waivers[{index}]", "not a mapping", f"the fields {', '.join(_FIELDS)}")
    for key in _FIELDS:
        if not item.get(key):
            raise located(file, line, f"waivers[{index}].{key}", "missing", "a non-empty value")
    expires = item["expires"]
    if not isinstance(expires, dt.date):
        raise located(file, line, f"waivers[{index}].expires", f"{expires!r} is not a date", "YYYY-MM-DD")
    objects, paths = item["objects"], item.get("paths") or ["*"]
    if not isinstance(objects, list) or not isinstance(paths, list):
        raise located(file, line, f"waivers[{index}]", "objects/paths not a list", "lists of patterns")
    return Waiver(
        str(item["id"]),
        str(item["policy"]),
        tuple(map(str, objects)),
        tuple(map(str, paths)),
        str(item["reason"]),
        str(item["owner"]),
        expires,
        file,
        line,
    )


def apply_waivers(findings: list[Finding], waivers: list[Waiver], today: dt.date) -> Applied:
    active = [w for w in waivers if w.expires >= today]
    used: set[str] = set()
    kept: list[Finding] = []
    waived: list[WaivedFinding] = []
    for finding in findings:
        waiver = next((w for w in active if w.covers(finding)), None)
        if waiver is None:
            kept.append(finding)
        else:
            used.add(waiver.id)
            waived.append(WaivedFinding(finding, waiver.id))
    problems = [WaiverProblem(w, "expired") for w in waivers if w.expires < today]
    problems += [WaiverProblem(w, "unused") for w in active if w.id not in used]
    problems.sort(key=lambda p: (p.waiver.line, p.problem))
    return Applied(tuple(kept), tuple(waived), tuple(problems))
