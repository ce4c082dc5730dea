"""The synth pipeline: settings -> every output file, as data. Writing and checking live in the CLI command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fleetform.render import cache, tf_tree
from fleetform.render.k8s_tree import k8s_tree
from fleetform.render.manifest import MANIFEST, manifest
from fleetform.render.tree import Tree, read_tree
from fleetform.settings import Cluster, Settings, load_settings

K8S = "k8s"


@dataclass(frozen=True)
class SynthResult:
    settings: Settings
    tree: Tree


def synthesize(
    settings_root: Path, *, out: Path = Path("dist"), exact: bool = True, terraform: bool = True
) -> SynthResult:
    """Load and check the settings once (before any Node process starts), then render every cluster:
    the Terraform stacks in worker processes while the Kubernetes charts render here.

    ``exact=False`` lets unchanged parts reuse their output in ``out`` (see :mod:`fleetform.render.cache`);
    ``terraform=False`` renders the Kubernetes half only."""
    settings = load_settings(settings_root)
    clusters = settings.clusters()
    plans = tf_tree.plan(settings_root, clusters, out, exact) if terraform else []
    futures = tf_tree.start(plans)
    tree = _kubernetes(settings_root, clusters, out, exact)
    tree.update(tf_tree.finish(plans, futures, out, record=not exact))
    tree[MANIFEST] = manifest(tree, settings.platform)
    return SynthResult(settings, dict(sorted(tree.items())))


def _kubernetes(settings_root: Path, clusters: list[Cluster], out: Path, exact: bool) -> Tree:
    """The ``k8s/`` files: reused from ``out`` when no input changed since the last synth (settings,
    package, policies, lock file) and ``out/k8s`` is exactly what that synth wrote; rendered otherwise."""
    from fleetform.policy.loader import DEFAULT_POLICIES  # the admission policies synth emits come from there

    inputs = cache.digest_files(
        [
            *settings_root.rglob("*.yaml"),
            *cache.package_files(),
            cache.LOCK_FILE,
            *(p for p in DEFAULT_POLICIES.rglob("*") if p.is_file()),
        ]
    )
    recorded = {} if exact else cache.read(out).get(K8S, {})
    if recorded.get("inputs") == inputs:
        previous = {f"{K8S}/{path}": data for path, data in read_tree(out / K8S).items()}
        if cache.tree_digest(previous) == recorded.get("output"):
            return previous
    tree = k8s_tree(clusters)
    if not exact:
        cache.write(out, {K8S: {"inputs": inputs, "output": cache.tree_digest(tree)}})
    return tree
