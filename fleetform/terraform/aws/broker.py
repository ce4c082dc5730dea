"""MSK Kafka: three brokers across the zones, TLS only, IAM authentication, customer-key encryption."""

from __future__ import annotations

from cdktn_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktn_provider_aws.kms_key import KmsKey
from cdktn_provider_aws.msk_cluster import MskCluster
from constructs import Construct

from fleetform.terraform.aws.network import Network
from fleetform.terraform.aws.security import port_group
from fleetform.terraform.context import StackContext


def build_broker(scope: Construct, ctx: StackContext, net: Network, key: KmsKey) -> MskCluster:
    port = ctx.cluster.cloud_settings.ports.broker
    logs = CloudwatchLogGroup(
        scope,
        "kafka-logs",
        name=f"/aws/msk/{ctx.name('kafka')}",
        retention_in_days=ctx.env.log_retention_days,
        kms_key_id=key.arn,
    )
    return MskCluster(
        scope,
        "kafka",
        cluster_name=ctx.name("kafka"),
        kafka_version="3.8.x",
        number_of_broker_nodes=3,
        broker_node_group_info={
            "instance_type": ctx.infra.machines.broker,
            "client_subnets": net.private_subnet_ids,
            "security_groups": [port_group(scope, ctx, net, "kafka", port)],
            "storage_info": {"ebs_storage_info": {"volume_size": 500}},
        },
        encryption_info={
            "encryption_at_rest_kms_key_arn": key.arn,
            "encryption_in_transit": {"client_broker": "TLS", "in_cluster": True},
        },
        client_authentication={"sasl": {"iam": True}, "unauthenticated": False},
        logging_info={"broker_logs": {"cloudwatch_logs": {"enabled": True, "log_group": logs.name}}},
    )
