"""VPC with one regional private subnet (nodes in three zones, secondary ranges for pods and services),
Cloud NAT for egress, private services access for Cloud SQL and Memorystore, and an explicit, logged
deny-all ingress firewall rule under the rules GKE adds (denied connection attempts leave an audit trail).

GKE lets a private control plane reach the nodes on 443 and 10250 only (cert-manager's and the Prometheus
operator's webhooks listen on 10250); with the mesh on, one more rule admits it to istiod's webhook (15017),
which Istio's sidecar injection and config validation need."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktn_provider_google.compute_firewall import ComputeFirewall
from cdktn_provider_google.compute_global_address import ComputeGlobalAddress
from cdktn_provider_google.compute_network import ComputeNetwork
from cdktn_provider_google.compute_router import ComputeRouter
from cdktn_provider_google.compute_router_nat import ComputeRouterNat
from cdktn_provider_google.compute_subnetwork import ComputeSubnetwork, ComputeSubnetworkSecondaryIpRange
from cdktn_provider_google.service_networking_connection import ServiceNetworkingConnection
from constructs import Construct

from fleetform.terraform.context import StackContext

PODS, SERVICES = "pods", "services"
#: Just above the implied deny (65535): every allow rule GKE or a team adds (priority 1000) wins over it.
DENY_ALL_PRIORITY = 65534
#: istiod's admission webhook port (fleetform/k8s/charts/controllers.py admits it in-cluster too).
ISTIOD_WEBHOOK_PORT = "15017"


@dataclass(frozen=True)
class Network:
    network_id: str
    subnet_id: str
    private_services: ServiceNetworkingConnection


def build_network(scope: Construct, ctx: StackContext) -> Network:
    vpc = ComputeNetwork(scope, "vpc", name=ctx.name("vpc"), auto_create_subnetworks=False, routing_mode="REGIONAL")
    subnet = ComputeSubnetwork(
        scope,
        "nodes",
        name=ctx.name("nodes"),
        network=vpc.id,
        region=ctx.region,
        ip_cidr_range=ctx.private_subnets[0],
        private_ip_google_access=True,
        secondary_ip_range=[
            ComputeSubnetworkSecondaryIpRange(range_name=PODS, ip_cidr_range=ctx.private_subnets[1]),
            ComputeSubnetworkSecondaryIpRange(range_name=SERVICES, ip_cidr_range=ctx.public_subnets[0]),
        ],
        log_config={"aggregation_interval": "INTERVAL_5_MIN", "flow_sampling": 0.5},
    )
    ingress_rule(scope, ctx, vpc.id, "deny-all-ingress", DENY_ALL_PRIORITY, ["0.0.0.0/0"], deny=[{"protocol": "all"}])
    if ctx.cluster.env.mesh:
        control_plane = list(ctx.cluster.cloud_settings.network.api_server_cidrs)
        allow = [{"protocol": "tcp", "ports": [ISTIOD_WEBHOOK_PORT]}]
        ingress_rule(scope, ctx, vpc.id, "allow-control-plane-istiod", 1000, control_plane, allow=allow)
    router = ComputeRouter(scope, "router", name=ctx.name("router"), network=vpc.id, region=ctx.region)
    ComputeRouterNat(
        scope,
        "nat",
        name=ctx.name("nat"),
        router=router.name,
        region=ctx.region,
        nat_ip_allocate_option="AUTO_ONLY",
        source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
        log_config={"enable": True, "filter": "ERRORS_ONLY"},
    )
    peering = ComputeGlobalAddress(
        scope,
        "private-services-range",
        name=ctx.name("private-services"),
        purpose="VPC_PEERING",
        address_type="INTERNAL",
        prefix_length=20,
        address=ctx.private_subnets[2].split("/")[0],
        network=vpc.id,
    )
    connection = ServiceNetworkingConnection(
        scope,
        "private-services",
        network=vpc.id,
        service="servicenetworking.googleapis.com",
        reserved_peering_ranges=[peering.name],
    )
    return Network(network_id=vpc.id, subnet_id=subnet.id, private_services=connection)


def ingress_rule(
    scope: Construct, ctx: StackContext, vpc_id: str, id_: str, priority: int, sources: list[str], **rule: Any
) -> None:
    """A logged ingress firewall rule of the VPC (``rule``: ``allow=`` or ``deny=`` blocks)."""
    ComputeFirewall(
        scope,
        id_,
        name=ctx.name(id_),
        network=vpc_id,
        direction="INGRESS",
        priority=priority,
        source_ranges=sources,
        log_config={"metadata": "INCLUDE_ALL_METADATA"},
        **rule,
    )
