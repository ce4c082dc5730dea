"""VPC with three private subnets (one per zone) behind NAT, three public subnets for the ALB, and a default
security group stripped of its rules (a resource placed in it by mistake gets no traffic)."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_aws.default_security_group import DefaultSecurityGroup
from cdktn_provider_aws.eip import Eip
from cdktn_provider_aws.internet_gateway import InternetGateway
from cdktn_provider_aws.nat_gateway import NatGateway
from cdktn_provider_aws.route import Route
from cdktn_provider_aws.route_table import RouteTable
from cdktn_provider_aws.route_table_association import RouteTableAssociation
from cdktn_provider_aws.subnet import Subnet
from cdktn_provider_aws.vpc import Vpc
from constructs import Construct

from fleetform.clouds.aws import cluster_name, vpc_name
from fleetform.clouds.aws_capacity import DISCOVERY_TAG
from fleetform.terraform.context import StackContext


@dataclass(frozen=True)
class Network:
    vpc_id: str
    cidr: str
    private_subnet_ids: list[str]
    public_subnet_ids: list[str]


def build_network(scope: Construct, ctx: StackContext) -> Network:
    vpc = Vpc(
        scope,
        "vpc",
        cidr_block=ctx.cluster.cloud_settings.network.vpc_cidr,
        enable_dns_hostnames=True,
        enable_dns_support=True,
        tags={"Name": vpc_name(ctx.cluster.site)},  # the load balancer controller finds the VPC by it
    )
    # Terraform adopts the VPC's default group and removes AWS's allow-all rules (no ingress/egress given).
    DefaultSecurityGroup(scope, "default-sg", vpc_id=vpc.id, tags={"Name": ctx.name("default-deny")})
    igw = InternetGateway(scope, "igw", vpc_id=vpc.id, tags={"Name": ctx.name("igw")})
    public_rt = RouteTable(scope, "public-rt", vpc_id=vpc.id, tags={"Name": ctx.name("public")})
    Route(scope, "public-default", route_table_id=public_rt.id, destination_cidr_block="0.0.0.0/0", gateway_id=igw.id)
    private, public = [], []
    # One NAT gateway per zone when highly available, else one shared NAT gateway.
    nat_count = 3 if ctx.env.high_availability else 1
    nat_ids: list[str] = []
    for i, zone in enumerate(ctx.zones):
        pub = Subnet(
            scope,
            f"public-{i}",
            vpc_id=vpc.id,
            cidr_block=ctx.public_subnets[i],
            availability_zone=zone,
            tags={"Name": ctx.name(f"public-{zone}"), "kubernetes.io/role/elb": "1"},
        )
        RouteTableAssociation(scope, f"public-{i}-rt", subnet_id=pub.id, route_table_id=public_rt.id)
        public.append(pub.id)
        if i < nat_count:
            eip = Eip(scope, f"nat-{i}-ip", domain="vpc", tags={"Name": ctx.name(f"nat-{zone}")})
            nat = NatGateway(
                scope, f"nat-{i}", allocation_id=eip.id, subnet_id=pub.id, tags={"Name": ctx.name(f"nat-{zone}")}
            )
            nat_ids.append(nat.id)
        priv = Subnet(
            scope,
            f"private-{i}",
            vpc_id=vpc.id,
            cidr_block=ctx.private_subnets[i],
            availability_zone=zone,
            tags={
                "Name": ctx.name(f"private-{zone}"),
                "kubernetes.io/role/internal-elb": "1",
                DISCOVERY_TAG: cluster_name(ctx.cluster.site),  # Karpenter launches its nodes here
            },
        )
        rt = RouteTable(scope, f"private-{i}-rt", vpc_id=vpc.id, tags={"Name": ctx.name(f"private-{zone}")})
        Route(
            scope,
            f"private-{i}-default",
            route_table_id=rt.id,
            destination_cidr_block="0.0.0.0/0",
            nat_gateway_id=nat_ids[min(i, nat_count - 1)],
        )
        RouteTableAssociation(scope, f"private-{i}-rta", subnet_id=priv.id, route_table_id=rt.id)
        private.append(priv.id)
    return Network(
        vpc_id=vpc.id,
        cidr=ctx.cluster.cloud_settings.network.vpc_cidr,
        private_subnet_ids=private,
        public_subnet_ids=public,
    )
