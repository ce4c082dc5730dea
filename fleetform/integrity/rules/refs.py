"""integrity-refs: every name an object uses resolves in its cluster.

Secrets, ConfigMaps, ServiceAccounts, PVCs, StorageClasses, PriorityClasses, image pull secrets, HPA
targets, RoleBinding roles and subjects, issuers, Istio gateways, hosts and route destinations with their
ports, Service target ports, probe ports, ServiceMonitor ports, Flux sources and dependencies, admission
policy parameters, Velero locations, secret stores, namespaces: each is an object of the cluster's tree or
is made by a named producer (a chart, an ExternalSecret, a Certificate, the cloud; see
:mod:`fleetform.integrity.world`).
"""

from __future__ import annotations

from collections.abc import Iterator

from fleetform.integrity.model import Cluster, Obj, Problem
from fleetform.integrity.ports import istio_routes, monitor_ports, monitored, probe_ports, service_ports
from fleetform.integrity.references import Ref, references
from fleetform.integrity.world import World

ID = "integrity-refs"
SUMMARY = "every object, port and host a manifest names exists in its cluster or is made by a named producer"

#: The fix a message proposes, by the kind that is missing.
HINTS = {
    "Secret": (
        "the Secret made in the cluster (an ExternalSecret from the cloud's secret store, a Certificate), never "
        "its data in dist/"
    ),
    "ServiceAccount": "the ServiceAccount in the same namespace",
    "Namespace": "a Namespace object applied before the objects in it",
}


def check(cluster: Cluster) -> Iterator[Problem]:
    world = cluster.world
    yield from _namespaces(cluster, world)
    for obj in cluster.objects:
        yield from _named(obj, world)
        for path, message in _ports(obj, world):
            yield Problem(obj, message, path)


def _named(obj: Obj, world: World) -> Iterator[Problem]:
    """One problem per missing object, at its first use, naming every use."""
    missing: dict[tuple[str, str, str], list[Ref]] = {}
    for ref in (*references(obj), *_mesh_principals(obj)):
        if ref.kind == "Namespace":
            exists = ref.name in world.namespaces
        else:
            exists = world.find(ref.kind, ref.namespace, ref.name) is not None
        if not exists:
            missing.setdefault((ref.kind, ref.namespace, ref.name), []).append(ref)
    for (kind, namespace, name), refs in missing.items():
        where = f"{namespace}/{name}" if namespace else name
        uses = _uses(refs)
        hint = HINTS.get(kind, f"the {kind} in dist/ or a producer that makes it")
        message = (
            f"{kind} {where} ({uses}) does not exist in {world.cluster.id}: not in dist/ and no producer makes it; "
            f"expected {hint}"
        )
        yield Problem(obj, message, refs[0].path)


def _uses(refs: list[Ref]) -> str:
    """``env A, env B of container api; volume x``: each use once, grouped by the part that makes it."""
    parts: dict[str, list[str]] = {}
    for ref in refs:
        uses = parts.setdefault(ref.of, [])
        if ref.use not in uses:
            uses.append(ref.use)
    return "; ".join(", ".join(uses) + (f" of {of}" if of else "") for of, uses in parts.items())


def _mesh_principals(obj: Obj) -> Iterator[Ref]:
    """AuthorizationPolicy sources: ``cluster.local/ns/<ns>/sa/<name>`` principals and namespaces."""
    if obj.kind != "AuthorizationPolicy":
        return
    for i, rule in enumerate(obj.spec.get("rules") or []):
        for j, source in enumerate(rule.get("from") or []):
            at = ("spec", "rules", i, "from", j, "source")
            for k, principal in enumerate((source.get("source") or {}).get("principals") or []):
                parts = str(principal).split("/")
                if len(parts) == 5 and parts[1] == "ns" and parts[3] == "sa" and "*" not in principal:
                    yield Ref((*at, "principals", k), "ServiceAccount", parts[2], parts[4], "mesh principal")
            for k, namespace in enumerate((source.get("source") or {}).get("namespaces") or []):
                if "*" not in str(namespace):
                    yield Ref((*at, "namespaces", k), "Namespace", "", str(namespace), "source namespace")


def _ports(obj: Obj, world: World) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if obj.kind in ("VirtualService", "DestinationRule"):
        yield from istio_routes(obj, world)
    elif obj.kind == "Service":
        yield from service_ports(obj, world)
    elif obj.kind == "ServiceMonitor":
        yield from monitor_ports(obj, monitored(obj, world))
    yield from probe_ports(obj)


def _namespaces(cluster: Cluster, world: World) -> Iterator[Problem]:
    """Each missing namespace once, at the first object in it."""
    users: dict[str, list[Obj]] = {}
    for obj in cluster.objects:
        if obj.namespace and obj.namespace not in world.namespaces:
            users.setdefault(obj.namespace, []).append(obj)
    for namespace, objs in sorted(users.items()):
        message = (
            f"namespace {namespace} (of {len(objs)} objects) does not exist in {cluster.id}: no Namespace in dist/ "
            f"and no producer makes it; expected {HINTS['Namespace']}"
        )
        yield Problem(objs[0], message, ("metadata", "namespace"))
