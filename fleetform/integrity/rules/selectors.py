"""integrity-selectors: every selector selects something.

A Service, PodDisruptionBudget, NetworkPolicy (its pods and its peers), ServiceMonitor, PodMonitor, Istio
Gateway and Istio policy (AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Sidecar) whose
selector matches no workload of the cluster (the tree's or a producer's) protects, routes or watches
nothing. When matching nothing is intended, say so on the object: the annotation
``fleetform.io/may-select-nothing: <why>``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity.model import Cluster, Obj, Path, Problem
from fleetform.integrity.ports import monitored
from fleetform.integrity.selectors import describe, matches, matches_map
from fleetform.integrity.world import World

ID = "integrity-selectors"
SUMMARY = "every Service, PDB, NetworkPolicy, monitor and mesh policy selector matches a workload of its cluster"
#: The annotation that declares an empty match intended (its value says why).
ALLOW_EMPTY = "fleetform.io/may-select-nothing"
#: Istio kinds whose ``spec.selector.matchLabels`` picks workloads of their namespace (all namespaces when
#: they are in the mesh's root namespace and have no selector: then they select the whole mesh).
ISTIO_POLICIES = ("AuthorizationPolicy", "PeerAuthentication", "RequestAuthentication", "Sidecar")


def check(cluster: Cluster) -> Iterator[Problem]:
    world = cluster.world
    for obj in cluster.objects:
        if ALLOW_EMPTY in obj.annotations:
            continue
        for path, selector, namespace, plain in _selectors(obj):
            pods = world.pods_in(namespace)
            if not any((matches_map(selector, p.labels) if plain else matches(selector, p.labels)) for p in pods):
                where = f"in {namespace}" if namespace else "in any namespace"
                message = (
                    f"selects no pod {where} of {cluster.id} ({describe(selector)}); expected a workload with these "
                    f"labels, or the annotation {ALLOW_EMPTY}: <why> when matching nothing is intended"
                )
                yield Problem(obj, message, path)
        yield from _namespace_peers(obj, world)
        if obj.kind == "ServiceMonitor" and not monitored(obj, world):
            wanted = describe(obj.spec.get("selector") or {})
            message = f"selects no Service of {cluster.id} ({wanted}); expected a Service with these labels"
            yield Problem(obj, message, ("spec", "selector"))


def _selectors(obj: Obj) -> Iterator[tuple[Path, Mapping[str, Any], str | None, bool]]:
    """(path, selector, namespace of the pods it selects (``None``: every namespace), plain map or not)."""
    spec, ns = obj.spec, obj.namespace
    if obj.kind == "Service" and isinstance(spec.get("selector"), Mapping) and spec.get("selector"):
        yield ("spec", "selector"), spec["selector"], ns, True
    elif obj.kind == "PodDisruptionBudget":
        yield ("spec", "selector"), spec.get("selector") or {}, ns, False
    elif obj.kind == "NetworkPolicy":
        yield ("spec", "podSelector"), spec.get("podSelector") or {}, ns, False
        yield from _pod_peers(obj)
    elif obj.kind == "PodMonitor":
        yield ("spec", "selector"), spec.get("selector") or {}, ns, False
    elif obj.kind == "Gateway" and isinstance(spec.get("selector"), Mapping):
        yield ("spec", "selector"), spec["selector"], None, True  # Istio: gateway pods of any namespace
    elif obj.kind in ISTIO_POLICIES and isinstance(spec.get("selector"), Mapping):
        yield ("spec", "selector"), spec["selector"].get("matchLabels") or {}, ns, True


def _peers(obj: Obj) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    for direction, side in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(obj.spec.get(direction) or []):
            for j, peer in enumerate(rule.get(side) or []):
                if isinstance(peer, Mapping):
                    yield (("spec", direction, i, side, j), peer)


def _pod_peers(obj: Obj) -> Iterator[tuple[Path, Mapping[str, Any], str | None, bool]]:
    """Peers with a pod selector in one namespace (their own, or one a ``kubernetes.io/metadata.name``
    selector names); peers over several namespaces are checked by their namespace selector."""
    for at, peer in _peers(obj):
        if "podSelector" not in peer:
            continue
        names = _named_namespace(peer.get("namespaceSelector"))
        if "namespaceSelector" not in peer:
            yield (*at, "podSelector"), peer["podSelector"] or {}, obj.namespace, False
        elif names is not None:
            yield (*at, "podSelector"), peer["podSelector"] or {}, names, False


def _named_namespace(selector: Any) -> str | None:
    labels = selector.get("matchLabels") if isinstance(selector, Mapping) else None
    if (
        isinstance(labels, Mapping)
        and set(labels) == {"kubernetes.io/metadata.name"}
        and not selector.get("matchExpressions")
    ):
        return str(labels["kubernetes.io/metadata.name"])
    return None


def _namespace_peers(obj: Obj, world: World) -> Iterator[Problem]:
    if obj.kind != "NetworkPolicy":
        return
    for at, peer in _peers(obj):
        selector = peer.get("namespaceSelector")
        if isinstance(selector, Mapping) and not any(matches(selector, labels) for labels in world.namespaces.values()):
            message = (
                f"namespaceSelector selects no namespace of {world.cluster.id} ({describe(selector)}); "
                "expected the namespace to exist with these labels"
            )
            yield Problem(obj, message, (*at, "namespaceSelector"))
