"""The synth pipeline: settings -> the output files of every cluster (or of some), as data. Writing and
checking live in the CLI command.

Each cluster is a unit of the synth cache (:mod:`fleetform.render.cache`), twice: its Kubernetes files
(``k8s/<cluster>/``) are reused while the settings the cluster is made of (the platform as its environment
runs it, its environment, its cloud's settings) and the code are unchanged; its Terraform stack while the
settings the stack read are (:mod:`fleetform.render.tf_tree`). So an edit of one environment renders that
environment's clusters only, and an edit only the Kubernetes half reads synthesizes no stack.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.errors import UserError
from fleetform.render import cache, tf_tree
from fleetform.render.k8s_tree import LAYER_NAMES, Key, LayerRender, cluster_files, render_layers
from fleetform.render.manifest import MANIFEST, manifest
from fleetform.render.tree import Tree, read_tree
from fleetform.settings import Cluster, Settings, load_settings
from fleetform.settings.reads import unchanged

K8S = "k8s"


@dataclass(frozen=True)
class SynthResult:
    """What a synth made. ``tree`` holds the files of ``clusters`` (and ``manifest.json`` when they are all
    the clusters: ``complete``); ``rendered`` names the Kubernetes layers rendered (``aws-dev/apps``) and
    ``synthesized`` the clusters whose Terraform stack was synthesized, rather than reused from the output
    folder."""

    settings: Settings
    tree: Tree
    clusters: tuple[str, ...]
    rendered: tuple[str, ...]
    synthesized: tuple[str, ...]
    complete: bool

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The output paths this synth owns: ``k8s/<cluster>/`` and ``terraform/<cluster>/`` of each cluster
        (every path when it is ``complete``)."""
        if self.complete:
            return ("",)
        return tuple(f"{half}/{cluster}/" for cluster in self.clusters for half in (K8S, "terraform"))

    def owns(self, path: str) -> bool:
        return path.startswith(self.prefixes)


def synthesize(
    settings_root: Path,
    *,
    out: Path = Path("dist"),
    exact: bool = True,
    terraform: bool = True,
    only: tuple[str, ...] = (),
) -> SynthResult:
    """Load and check the settings once (before any Node process starts), then render the clusters (``only``
    those ids when given): the Terraform stacks in worker processes while the Kubernetes charts render here.

    ``exact=False`` lets unchanged parts reuse their output in ``out`` (see :mod:`fleetform.render.cache`);
    ``terraform=False`` renders the Kubernetes half only."""
    settings = load_settings(settings_root)
    clusters = select(settings.clusters(), only)
    plans = tf_tree.plan(clusters, out, exact) if terraform else []
    futures = tf_tree.start(plans)
    tree, rendered = _kubernetes(clusters, out, exact)
    tree.update(tf_tree.finish(plans, futures, out, record=not exact))
    complete = len(clusters) == len(settings.clusters())
    if complete:
        tree[MANIFEST] = manifest(tree, settings.platform)
    return SynthResult(
        settings,
        dict(sorted(tree.items())),
        clusters=tuple(cluster.id for cluster in clusters),
        rendered=rendered,
        synthesized=tuple(plan.cluster.id for plan in plans if plan.previous is None),
        complete=complete,
    )


def select(clusters: list[Cluster], only: tuple[str, ...]) -> list[Cluster]:
    """The clusters named by ``only`` (every cluster when empty), in their usual order."""
    known = [cluster.id for cluster in clusters]
    for cluster_id in only:
        if cluster_id not in known:
            raise UserError(f"--cluster: unknown cluster '{cluster_id}'; expected one of: {', '.join(known)}")
    return [cluster for cluster in clusters if not only or cluster.id in only]


def merged(result: SynthResult, out: Path) -> Tree:
    """The whole output folder after ``result``: its files in place of those it owns, the other clusters'
    files as they are in ``out``, and ``manifest.json`` over all of them."""
    if result.complete:
        return result.tree
    kept = {path: data for path, data in read_tree(out).items() if path != MANIFEST and not result.owns(path)}
    tree = {**kept, **result.tree}
    tree[MANIFEST] = manifest(tree, result.settings.platform)
    return dict(sorted(tree.items()))


def _kubernetes(clusters: list[Cluster], out: Path, exact: bool) -> tuple[Tree, tuple[str, ...]]:
    """The ``k8s/`` files of ``clusters``. A layer of a cluster (``k8s/<cluster>/<layer>/``) is reused from
    ``out`` when the code is unchanged since the last synth, so is every setting the layer read, and its files
    in ``out`` are exactly what that synth wrote; rendered otherwise. Returns the files and the layers
    rendered (``aws-dev/apps``)."""
    from fleetform.policy.loader import DEFAULT_POLICIES  # the admission policies synth emits come from there

    code = cache.digest_files(
        [*cache.package_files(), cache.LOCK_FILE, *(p for p in DEFAULT_POLICIES.rglob("*") if p.is_file())]
    )
    entries = {} if exact else cache.read(out)
    tree: Tree = {}
    keys: dict[str, dict[str, list[Key]]] = {}
    todo: dict[str, tuple[Cluster, list[str]]] = {}
    for cluster in clusters:
        for layer in LAYER_NAMES:
            unit = f"{K8S}/{cluster.id}/{layer}"
            previous = _reusable(entries.get(unit, {}), cluster, out / unit, unit, _inputs(code, unit))
            if previous is None:
                todo.setdefault(cluster.id, (cluster, []))[1].append(layer)
            else:
                tree.update(previous)
                keys.setdefault(cluster.id, {})[layer] = entries[unit]["keys"]
    fresh = render_layers(todo) if todo else {}
    for (cluster_id, layer), rendered in fresh.items():
        tree.update(rendered.files)
        keys.setdefault(cluster_id, {})[layer] = rendered.keys
    for cluster in clusters:
        tree.update(cluster_files(cluster.id, keys[cluster.id]))
    if not exact and fresh:
        _record(out, code, fresh)
    return tree, tuple(f"{cluster_id}/{layer}" for cluster_id, layer in fresh)


def _record(out: Path, code: str, fresh: dict[tuple[str, str], LayerRender]) -> None:
    """Note the layers just rendered in the synth cache of ``out``."""
    entries: cache.Entries = {}
    for (cluster_id, layer), rendered in fresh.items():
        unit = f"{K8S}/{cluster_id}/{layer}"
        output = cache.tree_digest(rendered.files)
        entries[unit] = {
            "inputs": _inputs(code, unit),
            "reads": rendered.reads,
            "keys": rendered.keys,
            "output": output,
        }
    cache.write(out, entries)


def _inputs(code: str, unit: str) -> str:
    return hashlib.sha256(f"{unit}\n{code}".encode()).hexdigest()


def _reusable(entry: dict[str, Any], cluster: Cluster, folder: Path, unit: str, inputs: str) -> Tree | None:
    """The files of a layer as the last synth wrote them, when nothing it was made from changed; else ``None``."""
    reads = entry.get("reads")
    if entry.get("inputs") != inputs or not isinstance(reads, dict) or not isinstance(entry.get("keys"), list):
        return None
    if not unchanged(cluster, reads):
        return None
    previous = {f"{unit}/{path}": data for path, data in read_tree(folder).items()}
    return previous if previous and cache.tree_digest(previous) == entry.get("output") else None
