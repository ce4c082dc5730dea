"""The serverless option: the API on ECS Fargate in the private subnets (off unless ``serverless``)."""

from __future__ import annotations

import json

from cdktn_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktn_provider_aws.ecs_cluster import EcsCluster, EcsClusterSetting
from cdktn_provider_aws.ecs_service import EcsService
from cdktn_provider_aws.ecs_task_definition import EcsTaskDefinition
from cdktn_provider_aws.kms_key import KmsKey
from constructs import Construct

from fleetform.terraform.aws.iam import service_role
from fleetform.terraform.aws.network import Network
from fleetform.terraform.aws.security import port_group
from fleetform.terraform.context import StackContext

API_PORT = 8080


def build_serverless(scope: Construct, ctx: StackContext, net: Network, key: KmsKey) -> None:
    logs = CloudwatchLogGroup(
        scope,
        "fargate-logs",
        name=f"/aws/ecs/{ctx.name('api')}",
        retention_in_days=ctx.env.log_retention_days,
        kms_key_id=key.arn,
    )
    cluster = EcsCluster(
        scope,
        "fargate",
        name=ctx.name("fargate"),
        setting=[EcsClusterSetting(name="containerInsights", value="enabled")],
    )
    role = service_role(
        scope,
        "fargate-exec",
        ctx.name("fargate-exec"),
        "ecs-tasks.amazonaws.com",
        ("service-role/AmazonECSTaskExecutionRolePolicy",),
    )
    image = ctx.cluster.platform.images.api.ref
    container = {
        "name": "api",
        "image": image,
        "essential": True,
        "readonlyRootFilesystem": True,
        "portMappings": [{"containerPort": API_PORT, "protocol": "tcp"}],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {"awslogs-group": logs.name, "awslogs-region": ctx.region, "awslogs-stream-prefix": "api"},
        },
    }
    task = EcsTaskDefinition(
        scope,
        "fargate-api-task",
        family=ctx.name("api"),
        cpu="4096",
        memory="8192",
        network_mode="awsvpc",
        requires_compatibilities=["FARGATE"],
        execution_role_arn=role.arn,
        container_definitions=json.dumps([container]),
    )
    EcsService(
        scope,
        "fargate-api",
        name=ctx.name("api"),
        cluster=cluster.id,
        task_definition=task.arn,
        launch_type="FARGATE",
        desired_count=ctx.cluster.env.api.replicas.min,
        network_configuration={
            "subnets": net.private_subnet_ids,
            "assign_public_ip": False,
            "security_groups": [port_group(scope, ctx, net, "fargate", API_PORT)],
        },
    )
