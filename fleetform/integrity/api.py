"""The gate's entry points: ``check_paths`` (``fleetform check``, ``fleetform integrity``) reads a tree from
disk, ``check_tree`` a tree in memory (a fresh synth); both return a :class:`~fleetform.integrity.report.Report`.

Speed: a cluster's findings are kept in the parse cache, keyed by the names and bytes of all its files, the
rules that ran, the date and the gate's code (:data:`CODE`): a run over clusters that did not change reads
their files and one cached entry each, and parses nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from fleetform.errors import located
from fleetform.findings.finding import GATE_RULE_PREFIX, Finding
from fleetform.integrity.lines import Lines
from fleetform.integrity.load import File, by_cluster, cluster_of_files, read_paths, tree_files
from fleetform.integrity.model import render_path
from fleetform.integrity.report import Report
from fleetform.integrity.rules import RULE_IDS, RULES, Rule
from fleetform.parse_cache import ParseCache
from fleetform.policy.loader import DEFAULT_POLICIES, shown
from fleetform.policy.waivers import Waiver, apply_waivers, load_waivers

#: What decides the findings (besides the parsing modules the parse cache itself watches), as (folder, glob)
#: pairs: the gate's sources, and the libraries the chart values and supported versions rules read with the
#: vendored data they judge by (values schemas, support records with their exceptions). A rule that reads code
#: or data elsewhere adds it here.
_PACKAGE = Path(__file__).resolve().parents[1]
CODE: tuple[tuple[Path, str], ...] = (
    (_PACKAGE / "integrity", "*.py"),
    (_PACKAGE / "charts", "*.py"),
    (_PACKAGE / "versions", "*.py"),
    (_PACKAGE / "versions" / "vendored", "*/*/support.yaml"),
    (_PACKAGE / "versions" / "vendored", "*/*/values/*.json"),
)
#: A cluster's result as cached: its findings as (file, line, object, rule, path, message), its clusters
#: (0 when its files hold no object) and objects.
Result = tuple[tuple[tuple[str, int, str, str, str, str], ...], int, int]


def check_paths(
    paths: Sequence[Path],
    *,
    waivers: Path | None = None,
    today: dt.date | None = None,
    parse_cache_dir: Path | None = None,
    rules: Sequence[Rule] = RULES,
) -> Report:
    """Run ``rules`` on every cluster under ``paths``; apply ``waivers`` (default: the policies folder's
    ``waivers.yaml``, its entries for gate rules). ``parse_cache_dir`` keeps parsed files and clusters'
    findings between runs. Raises :class:`~fleetform.errors.UserError` on bad input."""
    cache = ParseCache(parse_cache_dir) if parse_cache_dir is not None else None
    files = read_paths([p.as_posix() for p in paths])
    return _report(files, rules, waivers, today or dt.date.today(), cache)


def check_tree(
    tree: Mapping[str, bytes],
    *,
    root: str = "dist",
    waivers: Path | None = None,
    today: dt.date | None = None,
    rules: Sequence[Rule] = RULES,
) -> Report:
    """:func:`check_paths` for an in-memory tree (relative path -> bytes), its files named ``<root>/<path>``."""
    return _report(tree_files(tree, root), rules, waivers, today or dt.date.today(), None)


def _report(
    files: list[File], rules: Sequence[Rule], waivers: Path | None, today: dt.date, cache: ParseCache | None
) -> Report:
    found: list[Finding] = []
    clusters = objects = 0
    for group in by_cluster(files).values():
        compute = functools.partial(_cluster, group, rules, today, cache)
        key = _key(group, rules, today) if cache is not None else b""
        items, count, size = compute() if cache is None else cache.cached("integrity-cluster", key, compute)
        found += [Finding(file=f, line=n, object=o, rule=r, path=p, message=m) for f, n, o, r, p, m in items]
        clusters, objects = clusters + count, objects + size
    ids = {rule.ID for rule in rules}
    applied = apply_waivers(found, [w for w in _waivers(waivers, cache) if w.policy in ids], today)
    return Report(applied.findings, applied.waived, applied.problems, tuple(r.ID for r in rules), clusters, objects)


def _cluster(group: list[File], rules: Sequence[Rule], today: dt.date, cache: ParseCache | None) -> Result:
    """The findings of one cluster's files, sorted."""
    cluster = cluster_of_files(group, today, cache)
    if cluster is None:
        return (), 0, 0
    raw = dict(group)
    lines = Lines(raw.__getitem__, cache)
    out = set()
    for rule in rules:
        for problem in rule.check(cluster):
            subject = problem.subject
            line = lines.line(problem)
            out.add((subject.file, line, subject.label, rule.ID, render_path(problem.path), problem.message))
    size = len(cluster.objects) + (cluster.stack.size if cluster.stack else 0)
    return tuple(sorted(out)), 1, size


def _key(group: list[File], rules: Sequence[Rule], today: dt.date) -> bytes:
    digest = hashlib.sha256(_code_digest())
    digest.update(f"{today.isoformat()}\0{','.join(rule.ID for rule in rules)}\0".encode())
    for name, raw in group:
        digest.update(name.encode() + b"\0" + hashlib.sha256(raw).digest())
    return digest.digest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> bytes:
    digest = hashlib.sha256()
    for folder, pattern in CODE:
        for source in sorted(folder.rglob(pattern) if pattern == "*.py" else folder.glob(pattern)):
            digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _waivers(file: Path | None, cache: ParseCache | None) -> list[Waiver]:
    """The gate's waivers of ``file`` (default: the policies folder's ``waivers.yaml``, when there is one);
    a waiver naming a gate rule that does not exist is bad input."""
    path = file if file is not None else shown(DEFAULT_POLICIES) / "waivers.yaml"
    if file is None and not path.is_file():
        return []
    gate = [w for w in load_waivers(path, cache) if w.policy.startswith(GATE_RULE_PREFIX)]
    for waiver in gate:
        if waiver.policy not in RULE_IDS:
            known = ", ".join(sorted(RULE_IDS))
            raise located(waiver.file, waiver.line, "policy", f"no gate rule '{waiver.policy}'", f"one of {known}")
    return gate
