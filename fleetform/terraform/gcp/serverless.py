"""The serverless option: the API on Cloud Run, internal ingress, VPC egress (off unless ``serverless``)."""

from __future__ import annotations

from cdktn_provider_google.cloud_run_v2_service import (
    CloudRunV2Service,
    CloudRunV2ServiceTemplateContainers,
    CloudRunV2ServiceTemplateVpcAccessNetworkInterfaces,
)
from constructs import Construct

from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.network import Network


def build_serverless(scope: Construct, ctx: StackContext, net: Network, key_id: str, workload_email: str) -> None:
    replicas = ctx.cluster.env.api.replicas
    CloudRunV2Service(
        scope,
        "run-api",
        name=ctx.name("api"),
        location=ctx.region,
        ingress="INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        deletion_protection=ctx.production_grade,
        labels=ctx.labels,
        template={
            "service_account": workload_email,
            "encryption_key": key_id,
            "scaling": {"min_instance_count": replicas.min, "max_instance_count": replicas.max},
            "vpc_access": {
                "egress": "PRIVATE_RANGES_ONLY",
                "network_interfaces": [
                    CloudRunV2ServiceTemplateVpcAccessNetworkInterfaces(
                        network=net.network_id, subnetwork=net.subnet_id
                    )
                ],
            },
            "containers": [
                CloudRunV2ServiceTemplateContainers(
                    name="api",
                    image=ctx.cluster.platform.images.api.ref,
                    ports={"container_port": 8080},
                    resources={"limits": {"cpu": "4", "memory": "8Gi"}},
                )
            ],
        },
    )
