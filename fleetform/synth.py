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

from fleetform.errors import UserError
from fleetform.render import cache, tf_tree
from fleetform.render.k8s_tree import k8s_tree
from fleetform.render.manifest import MANIFEST, manifest
from fleetform.render.tree import Tree, read_tree
from fleetform.settings import Cluster, Settings, load_settings

K8S = "k8s"


@dataclass(frozen=True)
class SynthResult:
    """What a synth made. ``tree`` holds the files of ``clusters`` (and ``manifest.json`` when they are all
    the clusters: ``complete``); ``rendered`` and ``synthesized`` name the clusters whose Kubernetes files
    were rendered and whose Terraform stack was synthesized, rather than reused from the output folder."""

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


def cluster_inputs(cluster: Cluster, code: str) -> str:
    """The inputs hash of a cluster's Kubernetes files: the code, and the settings the cluster is made of
    (parsed values, so a comment or a reformatted file changes nothing)."""
    text = "\n".join((code, cluster.id, repr(cluster.platform), repr(cluster.cloud_settings), repr(cluster.env)))
    return hashlib.sha256(text.encode()).hexdigest()


def _kubernetes(clusters: list[Cluster], out: Path, exact: bool) -> tuple[Tree, tuple[str, ...]]:
    """The ``k8s/`` files of ``clusters``: each cluster's reused from ``out`` when its inputs are unchanged
    since the last synth and ``out/k8s/<cluster>`` is exactly what that synth wrote; rendered otherwise.
    Returns the files and the clusters rendered."""
    from fleetform.policy.loader import DEFAULT_POLICIES  # the admission policies synth emits come from there

    code = cache.digest_files(
        [*cache.package_files(), cache.LOCK_FILE, *(p for p in DEFAULT_POLICIES.rglob("*") if p.is_file())]
    )
    entries = {} if exact else cache.read(out)
    tree: Tree = {}
    todo: list[Cluster] = []
    for cluster in clusters:
        recorded = entries.get(f"{K8S}/{cluster.id}", {})
        if recorded.get("inputs") == cluster_inputs(cluster, code):
            previous = {f"{K8S}/{cluster.id}/{p}": data for p, data in read_tree(out / K8S / cluster.id).items()}
            if previous and cache.tree_digest(previous) == recorded.get("output"):
                tree.update(previous)
                continue
        todo.append(cluster)
    fresh = k8s_tree(todo) if todo else {}
    tree.update(fresh)
    if not exact and todo:
        cache.write(
            out,
            {
                f"{K8S}/{cluster.id}": {
                    "inputs": cluster_inputs(cluster, code),
                    "output": cache.tree_digest(
                        {path: data for path, data in fresh.items() if path.startswith(f"{K8S}/{cluster.id}/")}
                    ),
                }
                for cluster in todo
            },
        )
    return tree, tuple(cluster.id for cluster in todo)
