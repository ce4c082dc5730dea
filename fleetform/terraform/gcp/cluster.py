"""GKE (regional, three zones): private nodes, private endpoint in production, Workload Identity, etcd secrets
encrypted with the customer key, Binary Authorization, node pools system / app / spot (<= 30 %) / optional
GPU."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cdktn_provider_google.container_cluster import (
    ContainerCluster,
    ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks,
)
from cdktn_provider_google.container_node_pool import (
    ContainerNodePool,
    ContainerNodePoolNodeConfigGuestAccelerator,
    ContainerNodePoolNodeConfigTaint,
)
from cdktn_provider_google.service_account import ServiceAccount
from cdktn_provider_google.service_account_iam_member import ServiceAccountIamMember
from constructs import Construct

from fleetform.clouds.gcp import cluster_name
from fleetform.settings.infra import Pool
from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.network import PODS, SERVICES, Network

NODE_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]


@dataclass(frozen=True)
class Cluster:
    name: str
    endpoint: str
    oidc_issuer: str
    workload_email: str


def build_cluster(scope: Construct, ctx: StackContext, net: Network, key_id: str) -> Cluster:
    settings = ctx.cluster.cloud_settings
    pool_id = f"{ctx.account}.svc.id.goog"
    gke = ContainerCluster(
        scope,
        "gke",
        name=cluster_name(ctx.cluster.site),
        location=ctx.region,
        node_locations=list(ctx.zones),
        network=net.network_id,
        subnetwork=net.subnet_id,
        remove_default_node_pool=True,
        initial_node_count=1,
        min_master_version=ctx.kubernetes_version,
        release_channel={"channel": "REGULAR"},
        deletion_protection=ctx.production_grade,
        datapath_provider="ADVANCED_DATAPATH",
        # Pod-to-pod traffic on one node goes through the VPC too, so the subnet's flow logs see it.
        enable_intranode_visibility=True,
        ip_allocation_policy={"cluster_secondary_range_name": PODS, "services_secondary_range_name": SERVICES},
        private_cluster_config={
            "enable_private_nodes": True,
            "enable_private_endpoint": ctx.env.private_api,
            "master_ipv4_cidr_block": settings.network.api_server_cidrs[0],
        },
        master_authorized_networks_config={
            "cidr_blocks": [
                ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks(
                    cidr_block=settings.network.vpc_cidr, display_name="vpc"
                ),
                *(
                    ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks(
                        cidr_block=cidr, display_name=f"allowed-{i}"
                    )
                    for i, cidr in enumerate(() if ctx.env.private_api else ctx.env.api_allowed_cidrs)
                ),
            ]
        },
        workload_identity_config={"workload_pool": pool_id},
        authenticator_groups_config=(
            {"security_group": ctx.infra.rbac_security_group} if ctx.infra.rbac_security_group else None
        ),
        database_encryption={"state": "ENCRYPTED", "key_name": key_id},
        enable_shielded_nodes=True,
        # Pods are admitted against the project's Binary Authorization policy (fleetform/terraform/gcp/admission.py).
        binary_authorization={"evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
        resource_labels=ctx.labels,
        lifecycle={"ignore_changes": ["node_config"]},
    )
    nodes = ServiceAccount(scope, "node-sa", account_id=ctx.name("nodes")[:30], display_name=f"{ctx.prefix} GKE nodes")
    _pools(scope, ctx, gke.name, nodes.email, key_id)
    email = ctx.cluster.identity
    workload = ServiceAccount(
        scope, "workload-sa", account_id=email.split("@", 1)[0], display_name=f"{ctx.prefix} platform workload"
    )
    ServiceAccountIamMember(
        scope,
        "workload-federation",
        service_account_id=workload.name,
        role="roles/iam.workloadIdentityUser",
        member=f"serviceAccount:{pool_id}[{ctx.cluster.namespace}/{ctx.cluster.platform.name}]",
    )
    issuer = f"https://container.googleapis.com/v1/projects/{ctx.account}/locations/{ctx.region}/clusters/{gke.name}"
    return Cluster(name=gke.name, endpoint=gke.endpoint, oidc_issuer=issuer, workload_email=workload.email)


def _pools(scope: Construct, ctx: StackContext, cluster: str, node_sa: str, key_id: str) -> None:
    machines = ctx.infra.machines
    pools: list[tuple[str, Pool, str, bool, dict[str, Any]]] = [
        (
            "system",
            ctx.env.system_pool,
            machines.system,
            False,
            {"taint": [ContainerNodePoolNodeConfigTaint(key="CriticalAddonsOnly", value="true", effect="NO_SCHEDULE")]},
        ),
        ("app", ctx.env.app_pool, machines.app, False, {}),
        ("spot", ctx.env.spot_pool, machines.spot[0], True, {}),
    ]
    if ctx.cluster.env.gpu.enabled:
        accelerator = ctx.cluster.cloud_settings.gpu.node_selector.get("cloud.google.com/gke-accelerator", "nvidia-l4")
        pools.append(
            (
                "gpu",
                ctx.env.gpu_pool,
                machines.gpu,
                False,
                {
                    "guest_accelerator": [
                        ContainerNodePoolNodeConfigGuestAccelerator(
                            type=accelerator,
                            count=ctx.cluster.env.gpu.count,
                            gpu_driver_installation_config={"gpu_driver_version": "LATEST"},
                        )
                    ],
                    "taint": [
                        ContainerNodePoolNodeConfigTaint(key="nvidia.com/gpu", value="true", effect="NO_SCHEDULE")
                    ],
                },
            )
        )
    for name, pool, machine, spot, extra in pools:
        ContainerNodePool(
            scope,
            f"pool-{name}",
            name=name,
            cluster=cluster,
            location=ctx.region,
            autoscaling={
                "total_min_node_count": pool.min,
                "total_max_node_count": pool.max,
                "location_policy": "ANY" if spot else "BALANCED",
            },
            management={"auto_repair": True, "auto_upgrade": True},
            node_config={
                "machine_type": machine,
                "spot": spot,
                "service_account": node_sa,
                "oauth_scopes": NODE_SCOPES,
                "labels": {"pool": name, "capacity": "spot" if spot else "on-demand"},
                "resource_labels": ctx.labels,
                "boot_disk_kms_key": key_id,
                "disk_type": "pd-ssd",
                "workload_metadata_config": {"mode": "GKE_METADATA"},
                "shielded_instance_config": {"enable_secure_boot": True, "enable_integrity_monitoring": True},
                **extra,
            },
        )
