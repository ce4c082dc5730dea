"""Azure: the Application Gateway in front of the cluster sends to addresses the cluster serves (a backend
pool is filled by the stack with the static IP a LoadBalancer Service requests, or by the Application Gateway
Ingress Controller), and its TLS certificate is a Key Vault secret something creates."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity import capabilities as cap
from fleetform.integrity.model import Cluster, Problem, Resource, Stack

#: Annotations a Service requests its load balancer IP with (cloud-provider-azure), besides spec.loadBalancerIP.
IP_ANNOTATIONS = (
    "service.beta.kubernetes.io/azure-load-balancer-ipv4",
    "service.beta.kubernetes.io/azure-load-balancer-ipv6",
)
SECRET_ID = re.compile(r"^\$\{azurerm_key_vault\.([\w-]+)\.vault_uri\}secrets/([\w-]+)")


def _blocks(value: Any) -> list[Mapping[str, Any]]:
    items = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
    return [item for item in items if isinstance(item, Mapping)]


def service_ips(cluster: Cluster) -> set[str]:
    """The static IPs the cluster's Services (the tree's and the charts') request."""
    ips: set[str] = set()
    for service in cluster.world.all("Service"):
        ips.update(str(service.annotations[a]) for a in IP_ANNOTATIONS if service.annotations.get(a))
        if service.spec.get("loadBalancerIP"):
            ips.add(str(service.spec["loadBalancerIP"]))
    return ips


def application_gateways(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack
    if stack is None or cluster.cloud != "azure":
        return
    for gateway in stack.of_type("azurerm_application_gateway"):
        yield from _pools(cluster, gateway)
        yield from _certificates(cluster, stack, gateway)


def _pools(cluster: Cluster, gateway: Resource) -> Iterator[Problem]:
    ips = service_ips(cluster)
    controller = cluster.world.has(cap.APPLICATION_GATEWAY_INGRESS)
    for pool in _blocks(gateway.data.get("backend_address_pool")):
        addresses = list(pool.get("ip_addresses") or [])
        if not addresses and not pool.get("fqdns") and controller is None:
            message = (
                f"backend pool {pool.get('name')} is empty and nothing fills it (no address in the stack, no "
                f"Application Gateway Ingress Controller in {cluster.id}); expected the ingress gateway Service's "
                "static IP "
                f"({IP_ANNOTATIONS[0]}) in ip_addresses"
            )
            yield Problem(gateway, message)
        for address in addresses:
            if str(address) not in ips and "${" not in str(address):
                message = (
                    f"backend pool {pool.get('name')} sends to {address}, which no Service of {cluster.id} requests; "
                    "expected a Service's static IP"
                )
                yield Problem(gateway, message)


def _certificates(cluster: Cluster, stack: Stack, gateway: Resource) -> Iterator[Problem]:
    for certificate in _blocks(gateway.data.get("ssl_certificate")):
        match = SECRET_ID.match(str(certificate.get("key_vault_secret_id") or ""))
        if match is None:
            continue
        vault = stack.get("azurerm_key_vault", match[1])
        if _created(stack, cluster, match[1], match[2]):
            continue
        name = vault.data.get("name") if vault is not None else match[1]
        message = (
            f"certificate {certificate.get('name')} reads Key Vault secret {match[2]} of vault {name}, which "
            f"nothing creates (no azurerm_key_vault_certificate or _secret {match[2]} in the stack, no PushSecret "
            f"in {cluster.id}); "
            "expected an azurerm_key_vault_certificate of that name in the vault"
        )
        yield Problem(gateway, message)


def _created(stack: Stack, cluster: Cluster, vault: str, name: str) -> bool:
    for kind in ("azurerm_key_vault_certificate", "azurerm_key_vault_secret"):
        for item in stack.of_type(kind):
            in_vault = any(
                r.label == f"azurerm_key_vault.{vault}" for r in stack.referenced(item.data.get("key_vault_id"))
            )
            if item.data.get("name") == name and in_vault:
                return True
    return any(
        (entry.get("match") or {}).get("remoteRef", {}).get("remoteKey") == name
        for push in cluster.of_kind("PushSecret")
        for entry in push.spec.get("data") or []
        if isinstance(entry, Mapping)
    )
