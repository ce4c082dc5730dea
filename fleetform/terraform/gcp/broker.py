"""Managed Service for Apache Kafka: private (subnet-attached), customer key; clients use IAM over TLS."""

from __future__ import annotations

from cdktn_provider_google.managed_kafka_cluster import (
    ManagedKafkaCluster,
    ManagedKafkaClusterGcpConfigAccessConfigNetworkConfigs,
)
from constructs import Construct

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.network import Network

GIB = 1024**3
MEMORY_PER_VCPU = 4 * GIB


def build_broker(scope: Construct, ctx: StackContext, net: Network, key_id: str) -> ManagedKafkaCluster:
    vcpus = int(ctx.infra.machines.broker)
    return ManagedKafkaCluster(
        scope,
        "kafka",
        cluster_id=ctx.name("kafka"),
        location=ctx.region,
        labels=ctx.labels,
        capacity_config={"vcpu_count": str(vcpus), "memory_bytes": str(vcpus * MEMORY_PER_VCPU)},
        gcp_config={
            "kms_key": key_id,
            "access_config": {
                "network_configs": [ManagedKafkaClusterGcpConfigAccessConfigNetworkConfigs(subnet=net.subnet_id)]
            },
        },
    )
