"""The serverless option: the API on Azure Container Instances in the VNet (off unless ``serverless``)."""

from __future__ import annotations

from cdktn_provider_azurerm.container_group import ContainerGroup, ContainerGroupContainer
from cdktn_provider_azurerm.subnet import Subnet, SubnetDelegation
from constructs import Construct

from fleetform.terraform.azure.base import Place


def build_serverless(scope: Construct, place: Place, vnet_name: str) -> None:
    ctx = place.ctx
    subnet = Subnet(
        scope,
        "aci",
        name=ctx.name("aci"),
        resource_group_name=place.resource_group,
        virtual_network_name=vnet_name,
        address_prefixes=[ctx.subnet(102, 24)],
        default_outbound_access_enabled=False,
        delegation=[
            SubnetDelegation(
                name="aci",
                service_delegation={
                    "name": "Microsoft.ContainerInstance/containerGroups",
                    "actions": ["Microsoft.Network/virtualNetworks/subnets/action"],
                },
            )
        ],
    )
    ContainerGroup(
        scope,
        "aci-api",
        name=ctx.name("api"),
        **place.placed,
        os_type="Linux",
        ip_address_type="Private",
        subnet_ids=[subnet.id],
        restart_policy="Always",
        zones=[ctx.zones[0]],
        container=[
            ContainerGroupContainer(
                name="api",
                image=ctx.cluster.platform.images.api.ref,
                cpu=4,
                memory=8,
                ports=[{"port": 8080, "protocol": "TCP"}],
            )
        ],
    )
