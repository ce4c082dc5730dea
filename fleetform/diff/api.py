"""The ``fleetform diff`` pipeline: two trees of ``dist/`` -> a :class:`~fleetform.diff.model.DiffReport`.

Only files whose bytes differ are read and parsed (equal git blob ids are skipped, on both sides, as many
times as they occur), so the cost follows the size of the change, not of ``dist/``. Objects are then matched
by identity across all changed files of a cluster: an object that moved to another file is not a change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from fleetform.diff import fold, rank, sources, terraform
from fleetform.diff.fields import Change, changes, display
from fleetform.diff.model import ADDED, CHANGED, K8S, REMOVED, ClusterDiff, DiffReport, FieldChange, ObjectChange
from fleetform.diff.objects import Item, cluster_of, items
from fleetform.errors import UserError
from fleetform.parse_cache import ParseCache

#: Order of objects in a cluster's listing.
STATUS_ORDER = {REMOVED: 0, ADDED: 1, CHANGED: 2}


def diff_dist(
    *, cwd: Path, dist: Path, paths: list[Path], base: str | None, cache_dir: Path | None = None
) -> DiffReport:
    """``dist`` (and only ``paths`` inside it, when given) at ``base`` (default: the merge base with the
    main branch) against the working tree; paths are relative to ``cwd``, which is inside the repository.
    ``cache_dir``: a parse cache (:mod:`fleetform.parse_cache`), e.g. for the runs of a local edit loop."""
    root = sources.repo_root(cwd)
    folder = _inside(root, cwd, dist, "--dist")
    scopes = [_inside(root, cwd, path, "PATH") for path in paths] or [folder]
    for scope, path in zip(scopes, paths, strict=False):
        if scope != folder and not scope.startswith(f"{folder}/"):
            raise UserError(f"{path}: not inside {dist}; expected a file or folder of the dist folder (--dist)")
    at = sources.resolve_base(root, base)
    old_ids = _scoped(sources.committed(root, at.commit, folder), scopes)
    tree = sources.working_tree(root, folder)
    new_ids = _scoped(tree.ids, scopes)
    if not old_ids and not new_ids:
        raise UserError(f"{dist}: no manifest files at {at.label} nor in the working tree; expected --dist DIR")
    old_files, new_files = _differing(old_ids, new_ids)
    blobs = sources.read_blobs(root, sorted({old_ids[path] for path in old_files}))
    cache = ParseCache(cache_dir) if cache_dir is not None else None
    side = f"at {at.commit[:12]}"
    old = _index(item for p in old_files for item in items(p, _rel(p, folder), blobs[old_ids[p]], side, cache))
    new = _index(item for p in new_files for item in items(p, _rel(p, folder), tree.contents[p], "working tree", cache))
    clusters_seen = {where[1] for p in (*old_ids, *new_ids) if (where := cluster_of(_rel(p, folder)))}
    environments = fold.order_environments({fold.environment_of(cluster) for cluster in clusters_seen})
    clusters = _clusters(old, new)
    return DiffReport(
        base=at.label,
        base_commit=at.commit,
        head="working tree",
        dist=folder,
        environments=environments,
        clusters=clusters,
        headlines=fold.fold(list(clusters), environments),
        other_files=tuple(sorted({p for p in (*old_files, *new_files) if cluster_of(_rel(p, folder)) is None})),
    )


def _inside(root: Path, cwd: Path, path: Path, what: str) -> str:
    """``path`` (relative to ``cwd``) relative to the repository root, as git writes paths."""
    full = (cwd / path).resolve()
    try:
        return full.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UserError(f"{what} {path}: outside the repository {root}; expected a path inside it") from None


def _rel(path: str, folder: str) -> str:
    return path[len(folder) + 1 :] if folder != "." else path


def _scoped(ids: dict[str, str], scopes: list[str]) -> dict[str, str]:
    return {p: blob for p, blob in ids.items() if any(p == s or p.startswith(f"{s}/") or s == "." for s in scopes)}


def _differing(old_ids: dict[str, str], new_ids: dict[str, str]) -> tuple[list[str], list[str]]:
    """The files of each side left once every blob found on both sides has been paired off."""
    common = Counter(old_ids.values()) & Counter(new_ids.values())
    out = []
    for ids in (old_ids, new_ids):
        left = Counter(common)
        kept = []
        for path in sorted(ids):
            if left[ids[path]] > 0:
                left[ids[path]] -= 1
            else:
                kept.append(path)
        out.append(kept)
    return out[0], out[1]


def _index(found: Iterable[Item]) -> dict[tuple[str, str], Item]:
    """Items by (cluster, identity); a second object with the same identity is told apart by its file."""
    out: dict[tuple[str, str], Item] = {}
    for item in found:
        key = (item.cluster, item.identity)
        out[(item.cluster, f"{item.identity} ({item.file})") if key in out else key] = item
    return out


def _clusters(old: dict[tuple[str, str], Item], new: dict[tuple[str, str], Item]) -> tuple[ClusterDiff, ...]:
    by_cluster: dict[str, list[ObjectChange]] = {}
    for key in old.keys() | new.keys():
        change = _object(old.get(key), new.get(key))
        if change is not None:
            by_cluster.setdefault(change.cluster, []).append(change)
    return tuple(
        ClusterDiff(
            cluster=cluster,
            environment=fold.environment_of(cluster),
            objects=tuple(sorted(objs, key=lambda o: (STATUS_ORDER[o.status], o.identity))),
        )
        for cluster, objs in sorted(by_cluster.items())
    )


def _object(before: Item | None, after: Item | None) -> ObjectChange | None:
    item = after or before
    assert item is not None
    if before is None or after is None:
        status = ADDED if before is None else REMOVED
        if item.layer == K8S:
            category = rank.kubernetes_object(item.kind, status, item.data)
        else:
            category = terraform.resource(item.kind, item.block, status, item.data)
        return _made(item, status, (), category, fold.object_summary(item, status))
    fields = tuple(_field(after, change) for change in changes(before.data, after.data))
    return _made(after, CHANGED, fields, None, "") if fields else None


def _made(item: Item, status: str, fields: tuple[FieldChange, ...], category: str | None, summary: str) -> ObjectChange:
    short = fold.short_name(item)
    return ObjectChange(item.cluster, item.layer, item.identity, short, status, item.file, fields, category, summary)


def _field(item: Item, change: Change) -> FieldChange:
    if item.layer == K8S:
        api = str(item.data.get("apiVersion", "")) if isinstance(item.data, dict) else ""
        category = rank.kubernetes_field(item.kind, api, change.path, change.op, change.old, change.new)
    else:
        category = terraform.field(item.kind, item.data, change.path, change.op, change.old, change.new)
    summary = fold.field_summary(item, change, category)
    return FieldChange(display(change.path), change.op, change.old, change.new, category, summary)
