"""The result of ``fleetform diff`` as data: per cluster, the objects added, removed and changed with their
field changes; on top, every change folded into one :class:`Headline` per distinct edit, ranked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: ``ObjectChange.status`` and ``FieldChange.op`` values.
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
#: ``ObjectChange.layer`` values: a Kubernetes object (``dist/k8s/``) or a Terraform block (``dist/terraform/``).
K8S, TERRAFORM = "k8s", "terraform"


@dataclass(frozen=True)
class FieldChange:
    """One field of a changed object: ``path`` such as ``spec.template.spec.containers[api].image`` (list
    items with a ``name`` are keyed by it, others by position); ``old`` is ``None`` when ``op`` is
    ``added``, ``new`` when ``removed``. ``category`` is the :data:`~fleetform.diff.rank.CATEGORIES` id when
    the change matters; ``summary`` is the line it is folded into (:class:`Headline`)."""

    path: str
    op: str
    old: Any
    new: Any
    category: str | None
    summary: str


@dataclass(frozen=True)
class ObjectChange:
    """An object added, removed or changed in one cluster. ``identity`` is ``<apiVersion> <kind>
    [<namespace>/]<name>`` for Kubernetes objects and the Terraform address (``aws_s3_bucket.models``,
    ``data.aws_caller_identity.current``, ``output.cluster_name``) for Terraform blocks; ``file`` is where it
    is in the working tree (at the base for a removed object); ``short`` names it in folded lines
    (``Deployment api``, ``aws_s3_bucket.models``). An added or removed object has no fields;
    its ``category`` and ``summary`` say what its appearance or removal is."""

    cluster: str
    layer: str
    identity: str
    short: str
    status: str
    file: str
    fields: tuple[FieldChange, ...]
    category: str | None
    summary: str


@dataclass(frozen=True)
class ClusterDiff:
    """The changed objects of one ``<cloud>-<environment>`` cluster, removed first, then added, then changed."""

    cluster: str
    environment: str
    objects: tuple[ObjectChange, ...]

    def count(self, layer: str, status: str) -> int:
        return sum(1 for obj in self.objects if obj.layer == layer and obj.status == status)


@dataclass(frozen=True)
class Headline:
    """One distinct edit and everywhere it happened: ``text`` such as ``label app.kubernetes.io/version 1.4.2
    → 1.4.3``, on ``objects`` objects in ``clusters``. ``all_environments``: it reaches every environment
    at once (no promotion from one to the next). ``examples``: up to three of the objects (kind and name, or
    Terraform address). ``repeated``: a change of no ranked category on :data:`REPEATED` objects or more,
    which the per-cluster listings leave out (they say how many objects it touched)."""

    category: str | None
    text: str
    objects: int
    clusters: tuple[str, ...]
    all_environments: bool
    examples: tuple[str, ...]
    repeated: bool


#: From this many objects on, an unranked change (a label on every object...) is shown once, folded, and left
#: out of the per-cluster listings, which would otherwise repeat it on every object.
REPEATED = 20


@dataclass(frozen=True)
class DiffReport:
    """``base`` says what was compared (``origin/main (merge base 1a2b3c4d5e6f)``), ``base_commit`` its commit;
    ``head`` is ``working tree``. ``environments``: every environment with a cluster on either side;
    ``clusters``: the clusters with changes; ``headlines``: ranked (:func:`fleetform.diff.rank.rank`);
    ``other_files``: changed files of ``dist`` that hold no cluster's objects (``manifest.json``)."""

    base: str
    base_commit: str
    head: str
    dist: str
    environments: tuple[str, ...]
    clusters: tuple[ClusterDiff, ...]
    headlines: tuple[Headline, ...]
    other_files: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.clusters and not self.other_files

    def total(self, layer: str, status: str) -> int:
        return sum(cluster.count(layer, status) for cluster in self.clusters)

    @property
    def all_environments(self) -> tuple[Headline, ...]:
        return tuple(headline for headline in self.headlines if headline.all_environments)

    @property
    def repeated(self) -> frozenset[str]:
        """Summaries the per-cluster listings leave out (:attr:`Headline.repeated`)."""
        return frozenset(headline.text for headline in self.headlines if headline.repeated)
