"""References that resolve through Services: Istio hosts and routes, Service ports, the named container ports
Services, probes and ServiceMonitors point at. Each check yields ``(path, message)`` for what does not
resolve; the refs rule turns them into problems."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from fleetform.integrity.model import Obj, Path, dig
from fleetform.integrity.selectors import Pod, matches, matches_map, pods_of
from fleetform.integrity.world import Produced, World

Service = Obj | Produced
CLUSTER_DOMAIN = ".svc.cluster.local"


def service_of_host(host: str, namespace: str) -> tuple[str, str] | None:
    """(namespace, name) of the Service an Istio host names: ``<name>.<ns>.svc.cluster.local``, or a short
    name in the config's namespace; ``None`` for any other host (a ServiceEntry's)."""
    if host.endswith(CLUSTER_DOMAIN):
        parts = host.removesuffix(CLUSTER_DOMAIN).split(".")
        return (parts[1], parts[0]) if len(parts) == 2 else None
    return (namespace, host) if "." not in host and "*" not in host else None


def port_names(service: Service) -> list[tuple[Any, Any]]:
    return [(p.get("port"), p.get("name")) for p in dig(service.data, "spec", "ports") or [] if isinstance(p, Mapping)]


def has_port(service: Service, port: Any) -> bool:
    """Whether the Service has ``port`` (a number or a port name)."""
    return any(port in (number, name) or str(port) == str(number) for number, name in port_names(service))


def istio_routes(obj: Obj, world: World) -> Iterator[tuple[Path, str]]:
    """VirtualService destinations and the DestinationRule host: a Service (and its port) or a ServiceEntry."""
    if obj.kind == "DestinationRule":
        yield from _host(world, ("spec", "host"), str(obj.spec.get("host") or ""), None, obj.namespace)
        return
    for protocol in ("http", "tcp", "tls"):
        for i, route in enumerate(obj.spec.get(protocol) or []):
            for j, target in enumerate(route.get("route") or []):
                destination = target.get("destination") or {}
                at: Path = ("spec", protocol, i, "route", j, "destination")
                port = dig(destination, "port", "number")
                yield from _host(world, (*at, "host"), str(destination.get("host") or ""), port, obj.namespace)


def _host(world: World, at: Path, host: str, port: Any, namespace: str) -> Iterator[tuple[Path, str]]:
    if not host or any(host in (e.spec.get("hosts") or []) for e in world.all("ServiceEntry")):
        return
    found = service_of_host(host, namespace)
    if found is None:
        yield (
            at,
            f"host {host} is no Service of {world.cluster.id} and no ServiceEntry declares it; expected a ServiceEntry",
        )
        return
    service = world.find("Service", *found)
    if service is None:
        yield (
            at,
            f"host {host}: Service {found[0]}/{found[1]} does not exist in {world.cluster.id}; expected the Service",
        )
    elif port is not None and not has_port(service, port):
        ports = ", ".join(str(number) for number, _ in port_names(service))
        yield (
            (*at[:-1], "port", "number"),
            f"Service {found[0]}/{found[1]} has no port {port} (it has {ports}); expected one of its ports",
        )


def service_ports(obj: Obj, world: World) -> Iterator[tuple[Path, str]]:
    """A Service's named ``targetPort``: a container port of the pods it selects (pods whose spec the tree holds)."""
    selector = obj.spec.get("selector")
    if not isinstance(selector, Mapping) or not selector:
        return
    pods = [p for p in world.pods_in(obj.namespace) if p.owner is not None and matches_map(selector, p.labels)]
    for i, port in enumerate(obj.spec.get("ports") or []):
        target = port.get("targetPort")
        if isinstance(target, str) and pods and not any(target in _container_ports(p) for p in pods):
            owners = ", ".join(sorted({p.ref for p in pods}))
            yield (
                ("spec", "ports", i, "targetPort"),
                f"no container of {owners} has a port named {target}; expected a named container port",
            )


def probe_ports(obj: Obj) -> Iterator[tuple[Path, str]]:
    """Probes that name a port: a port of the same container."""
    pod = pods_of(obj)
    if pod is None:
        return
    for path, container in pod.containers():
        names = {p.get("name") for p in container.get("ports") or [] if isinstance(p, Mapping)}
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            for action in ("httpGet", "tcpSocket", "grpc"):
                port = dig(container, probe, action, "port")
                if isinstance(port, str) and port not in names:
                    name = container.get("name")
                    yield (
                        (*path, probe, action, "port"),
                        f"container {name} has no port named {port}; expected a named port",
                    )


def monitor_ports(obj: Obj, services: Sequence[Service]) -> Iterator[tuple[Path, str]]:
    """ServiceMonitor endpoints: a named port of every Service it selects."""
    for i, endpoint in enumerate(obj.spec.get("endpoints") or []):
        port = endpoint.get("port")
        missing = [s.ref for s in services if port and not any(name == port for _, name in port_names(s))]
        if missing:
            yield (
                ("spec", "endpoints", i, "port"),
                f"{', '.join(missing)} has no port named {port}; expected a named Service port",
            )


def monitored(obj: Obj, world: World) -> list[Service]:
    """The Services a ServiceMonitor selects (``namespaceSelector`` default: its own namespace)."""
    scope = obj.spec.get("namespaceSelector") or {}
    names = None if scope.get("any") else set(scope.get("matchNames") or [obj.namespace])
    selector = obj.spec.get("selector") or {}
    return [s for s in world.all("Service") if (names is None or s.namespace in names) and matches(selector, s.labels)]


def _container_ports(pod: Pod) -> set[str]:
    return {str(p.get("name")) for _, c in pod.containers() for p in c.get("ports") or [] if isinstance(p, Mapping)}
