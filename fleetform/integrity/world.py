"""What exists in a running cluster: the objects of the tree, plus what their producers create at run time
(charts' workloads and Services, a Certificate's Secret, the cloud's built-in drivers), plus what the
controllers installed in the cluster can serve (capabilities: a StorageClass provisioner, an ingress class,
a CRD group). The rules ask the world, never guess."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fleetform.integrity.model import Cluster, Obj, Path, dig
from fleetform.integrity.selectors import Pod, pods_of


@dataclass(frozen=True)
class Produced:
    """An object made at run time, not in the tree. ``by`` names the producer, ``fact`` where the fact comes
    from (a chart template and the versions it was read from); ``source`` is the tree's object that makes
    it (findings about it point there, at ``source_path``). ``data`` is a document like an object's."""

    kind: str
    namespace: str
    name: str
    by: str
    fact: str
    data: Mapping[str, Any] = field(default_factory=dict)
    source: Obj | None = None
    source_path: Path = ()

    @property
    def labels(self) -> Mapping[str, str]:
        return dig(self.data, "metadata", "labels") or {}

    @property
    def annotations(self) -> Mapping[str, str]:
        return dig(self.data, "metadata", "annotations") or {}

    @property
    def spec(self) -> Mapping[str, Any]:
        return dig(self.data, "spec") or {}

    @property
    def ref(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"


@dataclass(frozen=True)
class Capability:
    """Something a controller of the cluster serves, by name (see :mod:`fleetform.integrity.capabilities`),
    and who provides it."""

    name: str
    by: str


@dataclass(frozen=True)
class Production:
    """What one producer adds to the world."""

    objects: tuple[Produced, ...] = ()
    pods: tuple[Pod, ...] = ()
    capabilities: tuple[Capability, ...] = ()


@dataclass(frozen=True)
class Release:
    """A Flux HelmRelease of the tree, as Helm installs it."""

    obj: Obj

    @property
    def chart(self) -> str:
        return str(dig(self.obj.spec, "chart", "spec", "chart") or "")

    @property
    def version(self) -> str:
        return str(dig(self.obj.spec, "chart", "spec", "version") or "")

    @property
    def namespace(self) -> str:
        return str(self.obj.spec.get("targetNamespace") or self.obj.namespace)

    @property
    def name(self) -> str:
        """Flux's release name: ``spec.releaseName``, else ``[<targetNamespace>-]<name>``."""
        target = self.obj.spec.get("targetNamespace")
        return str(self.obj.spec.get("releaseName") or (f"{target}-{self.obj.name}" if target else self.obj.name))

    @property
    def values(self) -> Mapping[str, Any]:
        values = self.obj.spec.get("values")
        return values if isinstance(values, Mapping) else {}

    def value(self, *keys: str, default: Any = None) -> Any:
        """``spec.values.<keys>``, or ``default`` (the chart's default) when unset."""
        found = dig(self.values, *keys)
        return default if found is None else found

    @property
    def by(self) -> str:
        return f"HelmRelease {self.obj.namespace}/{self.obj.name} (chart {self.chart} {self.version})"

    def produced(
        self, kind: str, name: str, fact: str, *, data: Mapping[str, Any] | None = None, at: Path = ()
    ) -> Produced:
        """An object this release's chart makes in the release namespace; ``at``: its values (``spec.values...``)."""
        return Produced(kind, self.namespace, name, self.by, fact, data or {}, self.obj, ("spec", "values", *at))

    def pod(self, kind: str, name: str, labels: Mapping[str, str], spec: Mapping[str, Any] | None = None) -> Pod:
        return Pod(self.namespace, dict(labels), kind, name, spec=spec or {}, by=self.by)


class World:
    """Everything a rule may look up about one cluster."""

    def __init__(self, cluster: Cluster, productions: Iterable[Production]) -> None:
        self.cluster = cluster
        self.produced: list[Produced] = []
        self.pods: list[Pod] = [pod for obj in cluster.objects if (pod := pods_of(obj)) is not None]
        self.capabilities: dict[str, Capability] = {}
        for production in productions:
            self.add(production)

    def add(self, production: Production) -> None:
        self.produced.extend(production.objects)
        self.pods.extend(production.pods)
        for capability in production.capabilities:
            self.capabilities.setdefault(capability.name, capability)

    @cached_property
    def _produced(self) -> dict[tuple[str, str, str], Produced]:
        found: dict[tuple[str, str, str], Produced] = {}
        for p in self.produced:
            found.setdefault((p.kind, p.namespace, p.name), p)
        return found

    def find(self, kind: str, namespace: str, name: str) -> Obj | Produced | None:
        """The object of the tree, else the produced object, of ``kind`` named ``name`` in ``namespace``."""
        return self.cluster.get(kind, namespace, name) or self._produced.get((kind, namespace, name))

    def all(self, kind: str) -> list[Obj | Produced]:
        """Objects of the tree and produced objects of ``kind``."""
        return [*self.cluster.of_kind(kind), *(p for p in self.produced if p.kind == kind)]

    @cached_property
    def namespaces(self) -> dict[str, Mapping[str, str]]:
        """Every namespace, with its labels (``kubernetes.io/metadata.name`` included, as the API server sets it)."""
        return {ns.name: {**ns.labels, "kubernetes.io/metadata.name": ns.name} for ns in self.all("Namespace")}

    def pods_in(self, namespace: str | None) -> list[Pod]:
        """The pods of ``namespace`` (``None``: of every namespace)."""
        return [p for p in self.pods if namespace is None or p.namespace == namespace]

    def has(self, capability: str) -> Capability | None:
        return self.capabilities.get(capability)

    @cached_property
    def releases(self) -> list[Release]:
        return [Release(obj) for obj in self.cluster.of_kind("HelmRelease")]


def build_world(cluster: Cluster) -> World:
    """The world of ``cluster``: the tree's objects, then every producer's additions (see
    :mod:`fleetform.integrity.producers`, :mod:`fleetform.integrity.made`, :mod:`fleetform.integrity.canaries`,
    :mod:`fleetform.integrity.builtins`)."""
    from fleetform.integrity.builtins import cloud_production, kubernetes_production, namespace_defaults
    from fleetform.integrity.canaries import canary_production
    from fleetform.integrity.made import object_production
    from fleetform.integrity.producers import chart_production

    world = World(cluster, [kubernetes_production(cluster), cloud_production(cluster)])
    for release in world.releases:
        world.add(chart_production(release))
    world.add(object_production(cluster, world.releases))
    world.add(canary_production(cluster, world.releases))
    world.add(namespace_defaults(sorted(world.namespaces)))
    return world
