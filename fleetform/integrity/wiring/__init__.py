"""The names one half of a cluster hands the other, checked pair by pair: each module holds small checks
``(cluster) -> Iterator[Problem]`` over the Kubernetes objects (the tree's and the produced ones) and the
Terraform stack of one cluster; :mod:`fleetform.integrity.rules.halves` lists them. A check whose objects
do not exist yet (no TargetGroupBinding, no ExternalSecret) finds nothing, and starts checking when they
appear."""

from __future__ import annotations

from fleetform.integrity.model import Obj, Path
from fleetform.integrity.world import Produced


def located(thing: Obj | Produced, path: Path, in_values: Path) -> tuple[Obj, Path] | None:
    """Where a problem about ``thing`` is reported: the object itself at ``path``, or for a produced object
    the tree's object that makes it, at ``in_values`` under where that object configures it."""
    if isinstance(thing, Obj):
        return thing, path
    return (thing.source, (*thing.source_path, *in_values)) if thing.source is not None else None
