"""GCP: the edge the stack creates (Cloud Armor policy, global IP, managed certificate, SSL policy) is
attached to a load balancer, by the stack (backend service, forwarding rule, HTTPS proxy) or by the cluster
(BackendConfig / GCPBackendPolicy, Ingress annotations, Gateway addresses and options); backend services
send to the network endpoint groups the cluster's Services declare (``cloud.google.com/neg``)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity.model import Cluster, Problem, Resource, Stack, dig

NEG_ANNOTATION = "cloud.google.com/neg"
#: A backend's NEG: a data source or resource reference, or a URL ending in ``networkEndpointGroups/<name>``.
#: A ``for_each`` over NEG lookups: ``data.google_compute_network_endpoint_groups.<key>``.
NEG_LOOKUP = re.compile(r"data\.google_compute_network_endpoint_groups\.([\w-]+)\.")
#: The lookup's filter on one name: ``name = "<neg>"``.
NAME_FILTER = re.compile(r'name\s*=\s*"([\w-]+)"')
NEG_REFERENCE = re.compile(r"google_compute_network_endpoint_group\.([\w-]+)\.|networkEndpointGroups/([\w-]+)")


def _attached(stack: Stack, tf_type: str, argument: str) -> set[str]:
    """Labels of the resources that ``argument`` of the stack's ``tf_type`` resources reference."""
    return {r.label for holder in stack.of_type(tf_type) for r in stack.referenced(holder.data.get(argument))}


def _kubernetes_uses(cluster: Cluster) -> dict[str, set[str]]:
    """Names the cluster attaches: security policies, static IP names, certificate names, SSL policies."""
    uses: dict[str, set[str]] = {"armor": set(), "address": set(), "certificate": set(), "ssl": set()}
    for obj in cluster.of_kind("BackendConfig"):
        uses["armor"].add(str(dig(obj.spec, "securityPolicy", "name") or ""))
    for obj in cluster.of_kind("GCPBackendPolicy"):
        uses["armor"].add(str(dig(obj.spec, "default", "securityPolicy") or ""))
    for obj in cluster.of_kind("FrontendConfig"):
        uses["ssl"].add(str(obj.spec.get("sslPolicy") or ""))
    for obj in cluster.of_kind("GCPGatewayPolicy"):
        uses["ssl"].add(str(dig(obj.spec, "default", "sslPolicy") or ""))
    for obj in cluster.of_kind("Ingress"):
        uses["address"].add(str(obj.annotations.get("kubernetes.io/ingress.global-static-ip-name") or ""))
        uses["certificate"].update(
            str(obj.annotations.get("ingress.gcp.kubernetes.io/pre-shared-cert") or "").split(",")
        )
    for obj in cluster.of_kind("Gateway"):
        uses["address"].update(
            str(a.get("value")) for a in obj.spec.get("addresses") or [] if a.get("type") == "NamedAddress"
        )
        for listener in obj.spec.get("listeners") or []:
            shared = dig(listener, "tls", "options", "networking.gke.io/pre-shared-certs") or ""
            uses["certificate"].update(str(shared).split(","))
    return uses


def edge(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack
    if stack is None or cluster.cloud != "gcp":
        return
    uses = _kubernetes_uses(cluster)
    attached = {
        "armor": _attached(stack, "google_compute_backend_service", "security_policy"),
        "address": _attached(stack, "google_compute_global_forwarding_rule", "ip_address"),
        "certificate": _attached(stack, "google_compute_target_https_proxy", "ssl_certificates"),
        "ssl": _attached(stack, "google_compute_target_https_proxy", "ssl_policy"),
    }
    parts = (
        (
            "armor",
            "google_compute_security_policy",
            "Cloud Armor policy",
            "a BackendConfig securityPolicy (or GCPBackendPolicy) naming it",
        ),
        (
            "address",
            "google_compute_global_address",
            "global IP",
            "a Gateway NamedAddress (or Ingress global-static-ip-name) naming it",
        ),
        (
            "certificate",
            "google_compute_managed_ssl_certificate",
            "managed certificate",
            "a Gateway pre-shared-certs option naming it",
        ),
        (
            "ssl",
            "google_compute_ssl_policy",
            "SSL policy",
            "a GCPGatewayPolicy (or FrontendConfig) sslPolicy naming it",
        ),
    )
    for key, tf_type, what, fix in parts:
        for resource in stack.of_type(tf_type):
            if key == "address" and (resource.data.get("purpose") or resource.data.get("address_type") == "INTERNAL"):
                continue  # a private range (service networking), not a load balancer address
            name = str(resource.data.get("name") or "")
            if resource.label not in attached[key] and name not in uses[key]:
                message = (
                    f"{what} {name} is attached to nothing: no load balancer of the stack uses it and nothing in "
                    f"{cluster.id} names it; expected {fix}"
                )
                yield Problem(resource, message)
    yield from _backends(cluster, stack)


def _backends(cluster: Cluster, stack: Stack) -> Iterator[Problem]:
    declared = _declared_negs(cluster)
    for service in stack.of_type("google_compute_backend_service"):
        backends = [b for b in service.data.get("backend") or [] if isinstance(b, Mapping)]
        names = [
            _neg_name(stack, match[1]) if match[1] else match[2]
            for backend in backends
            for match in NEG_REFERENCE.finditer(str(backend.get("group") or ""))
        ]
        looked_up = _looked_up_negs(stack, service)
        if not backends and not looked_up:
            yield Problem(
                service,
                f"backend service {service.data.get('name')} has no backends; expected the NEGs of the ingress gateway",
            )
        for name in [*names, *looked_up]:
            if name and name not in declared:
                message = (
                    f"backend service {service.data.get('name')} sends to NEG {name}, which no Service of "
                    f"{cluster.id} declares; expected a Service annotation {NEG_ANNOTATION} with that "
                    "exposed_ports name"
                )
                yield Problem(service, message)


def _looked_up_negs(stack: Stack, service: Resource) -> list[str]:
    """NEG names a ``dynamic "backend"`` block iterates over: the ``name = "<neg>"`` filters of the
    ``google_compute_network_endpoint_groups`` data sources its ``for_each`` reads (the NEGs exist only once
    GKE has created them from the Service's annotation, so the stack looks them up by name and zone)."""
    for_each = str(dig(service.data, "dynamic", "backend", "for_each") or "")
    names = []
    for key in NEG_LOOKUP.findall(for_each):
        source = dig(stack.data, "data", "google_compute_network_endpoint_groups", key) or {}
        match = NAME_FILTER.fullmatch(str(source.get("filter") or "").strip()) if isinstance(source, Mapping) else None
        names.append(match[1] if match else "")
    return names


def _neg_name(stack: Stack, key: str) -> str:
    source = dig(stack.data, "data", "google_compute_network_endpoint_group", key) or {}
    resource = stack.get("google_compute_network_endpoint_group", key)
    data: Mapping[str, Any] = resource.data if isinstance(resource, Resource) else source
    return str(data.get("name") or key)


def _declared_negs(cluster: Cluster) -> set[str]:
    """NEG names the cluster's Services declare: ``{"exposed_ports": {"443": {"name": "<neg>"}}}``."""
    names = set()
    for service in cluster.world.all("Service"):
        try:
            config = json.loads(service.annotations.get(NEG_ANNOTATION) or "{}")
        except ValueError:
            continue
        for port in (config.get("exposed_ports") or {}).values() if isinstance(config, Mapping) else []:
            if isinstance(port, Mapping) and port.get("name"):
                names.add(str(port["name"]))
    return names
