"""Private endpoints with their private DNS zone, so PaaS services are reachable only inside the VNet."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn import ITerraformDependable
from cdktn_provider_azurerm.private_dns_zone import PrivateDnsZone
from cdktn_provider_azurerm.private_dns_zone_virtual_network_link import PrivateDnsZoneVirtualNetworkLink
from cdktn_provider_azurerm.private_endpoint import PrivateEndpoint
from constructs import Construct

from fleetform.terraform.azure.base import Place
from fleetform.terraform.azure.network import Network


@dataclass(frozen=True)
class Endpoint:
    """A private endpoint, its DNS zone (which a second endpoint of the same service reuses) and the zone's
    VNet link (``None`` when the zone was reused): what a resource that must reach the service privately
    when it is created depends on."""

    zone_id: str
    endpoint: ITerraformDependable
    link: ITerraformDependable | None


def dns_zone(scope: Construct, place: Place, net: Network, id_: str, zone: str) -> tuple[str, ITerraformDependable]:
    """A private DNS zone linked to the VNet; returns its id and the link."""
    dns = PrivateDnsZone(scope, f"{id_}-dns", name=zone, resource_group_name=place.resource_group, tags=place.tags)
    link = PrivateDnsZoneVirtualNetworkLink(
        scope,
        f"{id_}-dns-link",
        name=place.ctx.name(id_),
        private_dns_zone_id=dns.id,
        virtual_network_id=net.vnet_id,
        tags=place.tags,
    )
    return dns.id, link


def private_endpoint(
    scope: Construct,
    place: Place,
    net: Network,
    id_: str,
    resource_id: str,
    subresource: str,
    zone: str,
    zone_id: str = "",
) -> Endpoint:
    """An endpoint in the VNet for ``resource_id`` (any region). A second endpoint of the same service passes
    the first one's ``zone_id`` (a zone name exists once per resource group)."""
    link = None
    if not zone_id:
        zone_id, link = dns_zone(scope, place, net, id_, zone)
    endpoint = PrivateEndpoint(
        scope,
        f"{id_}-endpoint",
        name=place.ctx.name(f"{id_}-pe"),
        **place.placed,
        subnet_id=net.endpoints_subnet_id,
        private_service_connection={
            "name": id_,
            "is_manual_connection": False,
            "private_connection_resource_id": resource_id,
            "subresource_names": [subresource],
        },
        private_dns_zone_group={"name": id_, "private_dns_zone_ids": [zone_id]},
    )
    return Endpoint(zone_id, endpoint, link)
