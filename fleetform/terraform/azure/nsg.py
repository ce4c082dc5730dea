"""Network security groups: one per subnet. Azure's default rules (VNet and load balancer in, internet in
denied) apply everywhere; the Application Gateway subnet also admits HTTPS (and HTTP, which it redirects) from
the internet and the gateway's own management ports, which Application Gateway v2 requires. The Application
Gateway reaches the ingress gateway's internal load balancer in the node subnet under the VNet rule. Where the
API server is public (dev), its subnet admits HTTPS from ``api_allowed_cidrs`` only, the ranges AKS's authorized
IP ranges also name."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_azurerm.network_security_group import NetworkSecurityGroup
from cdktn_provider_azurerm.network_security_rule import NetworkSecurityRule
from cdktn_provider_azurerm.subnet_network_security_group_association import SubnetNetworkSecurityGroupAssociation
from constructs import Construct

from fleetform.terraform.azure.base import Place
from fleetform.terraform.azure.network import Network


@dataclass(frozen=True)
class InboundRule:
    name: str
    priority: int
    source: str
    ports: str


#: Application Gateway v2: clients on 443 (and on 80, redirected to 443), and GatewayManager on 65200-65535 (the
#: gateway fails without it).
GATEWAY_RULES = (
    InboundRule("https-from-internet", 100, "Internet", "443"),
    InboundRule("http-from-internet", 105, "Internet", "80"),
    InboundRule("gateway-manager", 110, "GatewayManager", "65200-65535"),
)


def build_nsgs(scope: Construct, place: Place, net: Network) -> None:
    subnets = {
        "nodes": (net.nodes_subnet_id, ()),
        "gateway": (net.gateway_subnet_id, GATEWAY_RULES),
        "database": (net.database_subnet_id, ()),
        "endpoints": (net.endpoints_subnet_id, ()),
        "apiserver": (net.api_server_subnet_id, api_server_rules(place)),
    }
    for name, (subnet_id, rules) in subnets.items():
        nsg = NetworkSecurityGroup(
            scope,
            f"nsg-{name}",
            name=place.ctx.name(f"{name}-nsg"),
            **place.placed,
        )
        for rule in rules:
            _inbound(scope, place, f"nsg-{name}-{rule.name}", nsg.name, rule)
        SubnetNetworkSecurityGroupAssociation(
            scope, f"nsg-{name}-link", subnet_id=subnet_id, network_security_group_id=nsg.id
        )


def api_server_rules(place: Place) -> tuple[InboundRule, ...]:
    """HTTPS from each allowed range to a public API server; none when the API server is private."""
    env = place.ctx.env
    cidrs = () if env.private_api else env.api_allowed_cidrs
    return tuple(InboundRule(f"api-from-allowed-{i}", 120 + i, cidr, "443") for i, cidr in enumerate(cidrs))


def _inbound(scope: Construct, place: Place, id_: str, nsg_name: str, rule: InboundRule) -> None:
    NetworkSecurityRule(
        scope,
        id_,
        name=rule.name,
        resource_group_name=place.resource_group,
        network_security_group_name=nsg_name,
        priority=rule.priority,
        direction="Inbound",
        access="Allow",
        protocol="Tcp",
        source_address_prefix=rule.source,
        source_port_range="*",
        destination_address_prefix="*",
        destination_port_range=rule.ports,
    )
