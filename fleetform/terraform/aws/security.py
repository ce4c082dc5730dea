"""Security groups that admit one TCP port from the VPC only."""

from __future__ import annotations

from cdktn_provider_aws.security_group import SecurityGroup
from cdktn_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktn_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct

from fleetform.terraform.aws.network import Network
from fleetform.terraform.context import StackContext


def port_group(scope: Construct, ctx: StackContext, net: Network, name: str, port: int, cidr: str = "") -> str:
    """A security group ``<prefix>-<name>`` allowing ``port`` from ``cidr`` (default: the VPC)."""
    group = SecurityGroup(
        scope,
        f"sg-{name}",
        name=ctx.name(name),
        vpc_id=net.vpc_id,
        description=f"{name}: TCP {port} from {cidr or 'the VPC'}",
    )
    VpcSecurityGroupIngressRule(
        scope,
        f"sg-{name}-in",
        security_group_id=group.id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        cidr_ipv4=cidr or net.cidr,
    )
    VpcSecurityGroupEgressRule(
        scope, f"sg-{name}-out", security_group_id=group.id, ip_protocol="-1", cidr_ipv4=net.cidr
    )
    return group.id
