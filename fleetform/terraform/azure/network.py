"""VNet: node subnet (three zones share it on Azure), gateway subnet, a PostgreSQL-delegated subnet, a
private-endpoint subnet and the API server subnet (delegated to AKS: API Server VNet Integration, which KMS
with a private key vault requires); egress through a zone-redundant NAT gateway."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_azurerm.nat_gateway import NatGateway
from cdktn_provider_azurerm.nat_gateway_public_ip_association import NatGatewayPublicIpAssociation
from cdktn_provider_azurerm.public_ip import PublicIp
from cdktn_provider_azurerm.subnet import Subnet, SubnetDelegation
from cdktn_provider_azurerm.subnet_nat_gateway_association import SubnetNatGatewayAssociation
from cdktn_provider_azurerm.virtual_network import VirtualNetwork
from constructs import Construct

from fleetform.terraform.azure.base import Place


@dataclass(frozen=True)
class Network:
    vnet_id: str
    nodes_subnet_id: str
    gateway_subnet_id: str
    database_subnet_id: str
    endpoints_subnet_id: str
    api_server_subnet_id: str


def build_network(scope: Construct, place: Place) -> Network:
    ctx = place.ctx
    vnet = VirtualNetwork(
        scope,
        "vnet",
        name=ctx.name("vnet"),
        **place.placed,
        address_space=[ctx.cluster.cloud_settings.network.vpc_cidr],
    )

    def subnet(id_: str, cidr: str, delegate: tuple[str, str] | None = None) -> Subnet:
        """``delegate``: (delegation name, service) the subnet is handed to."""
        delegation = None
        if delegate is not None:
            join = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
            delegation = [SubnetDelegation(name=delegate[0], service_delegation={"name": delegate[1], "actions": join})]
        return Subnet(
            scope,
            id_,
            name=ctx.name(id_),
            virtual_network_name=vnet.name,
            address_prefixes=[cidr],
            resource_group_name=place.resource_group,
            default_outbound_access_enabled=False,
            delegation=delegation,
        )

    nodes = subnet("nodes", ctx.private_subnets[0])
    gateway = subnet("gateway", ctx.public_subnets[0])
    database = subnet("database", ctx.data_subnets[0], ("postgres", "Microsoft.DBforPostgreSQL/flexibleServers"))
    endpoints = subnet("endpoints", ctx.data_subnets[1])
    api_server_cidr = ctx.cluster.cloud_settings.network.api_server_cidrs[0]
    api_server = subnet("apiserver", api_server_cidr, ("aks-apiserver", "Microsoft.ContainerService/managedClusters"))
    ip = PublicIp(
        scope,
        "nat-ip",
        name=ctx.name("nat"),
        **place.placed,
        allocation_method="Static",
        sku="Standard",
        zones=list(ctx.zones),
    )
    nat = NatGateway(
        scope,
        "nat",
        name=ctx.name("nat"),
        **place.placed,
        sku_name="Standard",
    )
    NatGatewayPublicIpAssociation(scope, "nat-ip-link", nat_gateway_id=nat.id, public_ip_address_id=ip.id)
    SubnetNatGatewayAssociation(scope, "nodes-nat", subnet_id=nodes.id, nat_gateway_id=nat.id)
    return Network(
        vnet_id=vnet.id,
        nodes_subnet_id=nodes.id,
        gateway_subnet_id=gateway.id,
        database_subnet_id=database.id,
        endpoints_subnet_id=endpoints.id,
        api_server_subnet_id=api_server.id,
    )
