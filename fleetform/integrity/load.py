"""Read a tree into clusters: ``<root>/k8s/<cloud>-<env>/...`` and ``<root>/terraform/<cloud>-<env>/cdk.tf.json``
of the same root make one cluster. Files are read as the policies read them (:mod:`fleetform.policy.targets`,
through the same parse cache), from disk or from an in-memory tree (a fresh synth). Files are grouped by
cluster from their names alone, so a cluster whose files did not change need not be parsed at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from fleetform.errors import located
from fleetform.files import FileProblem, manifest_paths, read_raw
from fleetform.integrity.model import Cluster, Obj, Resource, Stack
from fleetform.parse_cache import ParseCache
from fleetform.policy.targets import cluster_of, content_targets, file_targets

#: The folders of a tree that hold the two halves of a cluster.
HALVES = ("k8s", "terraform")
#: A file of the tree: its name (a path) and its bytes.
File = tuple[str, bytes]


def read_paths(paths: Iterable[str]) -> list[File]:
    """The files under ``paths`` (folders are walked), read; a located error for a missing or unreadable one."""
    files = []
    for name in manifest_paths(paths):
        try:
            files.append((name, read_raw(name)))
        except FileProblem as exc:
            if not Path(name).is_file():
                file_targets(Path(name))  # raises the policies' error for a missing path
            raise located(name, exc.line, "", exc.problem, "a readable file") from None
    return files


def tree_files(tree: Mapping[str, bytes], root: str = "dist") -> list[File]:
    """The manifest files of an in-memory tree (relative path -> bytes, as :func:`fleetform.synth.synthesize`
    returns it), named as if written under ``root``."""
    return [(f"{root}/{rel}", tree[rel]) for rel in sorted(tree) if rel.endswith((".yaml", ".yml", ".json"))]


def by_cluster(files: Iterable[File]) -> dict[tuple[str, str], list[File]]:
    """Files grouped by (tree root, cluster id), in order of the keys."""
    groups: dict[tuple[str, str], list[File]] = {}
    for name, raw in files:
        groups.setdefault(_key(cluster_of(Path(name)).scope), []).append((name, raw))
    return dict(sorted(groups.items()))


def cluster_of_files(files: Sequence[File], today: dt.date, cache: ParseCache | None = None) -> Cluster | None:
    """The cluster ``files`` (one group of :func:`by_cluster`) describe; ``None`` when they hold no object."""
    objects: list[Obj] = []
    stack: Stack | None = None
    ref = None
    for name, raw in files:
        targets = content_targets(name, raw, cache)
        if not targets:
            continue
        ref = targets[0].cluster
        if targets[0].tf_type is not None:
            resources = [Resource(t.file, t.line, t.tf_type or "", t.tf_name or "", t.data) for t in targets]
            stack = Stack(name, targets[0].tf_stack, resources)
        else:
            objects.extend(Obj(t.file, t.line, t.label, t.data) for t in targets)
    if ref is None:
        return None
    cluster_id = _key(ref.scope)[1]
    return Cluster(
        id=cluster_id, cloud=ref.cloud, environment=ref.environment, objects=objects, stack=stack, today=today
    )


def clusters_from_tree(
    tree: Mapping[str, bytes], today: dt.date, root: str = "dist", cache: ParseCache | None = None
) -> list[Cluster]:
    """Every cluster of an in-memory tree, in order of their ids."""
    found = (cluster_of_files(group, today, cache) for group in by_cluster(tree_files(tree, root)).values())
    return [cluster for cluster in found if cluster is not None]


def _key(scope: str) -> tuple[str, str]:
    """(tree root, cluster id) of a cluster folder: ``dist/k8s/aws-dev`` and ``dist/terraform/aws-dev`` are
    one cluster; a folder outside such a tree is a cluster of its own."""
    path = PurePosixPath(scope)
    if path.parent.name in HALVES:
        return path.parent.parent.as_posix(), path.name
    return path.parent.as_posix(), path.name
