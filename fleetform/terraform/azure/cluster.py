"""AKS: system pool (critical add-ons only), on-demand app pool, spot pool (<= 30 %; for the model workers, so
not with GPU acceleration, which moves them to the GPU pool), optional GPU pool;
private API server in production, Entra RBAC without local accounts, workload identity, node disks encrypted
with the customer key (disk encryption set), and KMS etcd encryption with the key in a private key vault.

A private key vault needs API Server VNet Integration (the API server in a delegated subnet of the VNet,
from where it reaches the vault through its private endpoint), and the control-plane identity needs Key
Vault Contributor on the vault (control plane only: the vault uses RBAC for data) besides Crypto User."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_azurerm.federated_identity_credential import FederatedIdentityCredential
from cdktn_provider_azurerm.kubernetes_cluster import KubernetesCluster
from cdktn_provider_azurerm.kubernetes_cluster_node_pool import KubernetesClusterNodePool
from cdktn_provider_azurerm.role_assignment import RoleAssignment
from cdktn_provider_azurerm.user_assigned_identity import UserAssignedIdentity
from constructs import Construct

from fleetform.clouds.base import BACKUP_IDENTITY, BACKUP_SERVICE_ACCOUNT
from fleetform.settings.infra import Pool
from fleetform.settings.namespaces import VELERO_NS
from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.disks import build_disk_encryption_set
from fleetform.terraform.azure.network import Network

SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"


@dataclass(frozen=True)
class Cluster:
    name: str
    endpoint: str
    oidc_issuer: str
    workload_client_id: str
    workload_principal_id: str


def build_cluster(scope: Construct, place: Place, net: Network, key: Key, workspace_id: str) -> Cluster:
    """The cluster is created once KMS can work: its identity holds its roles on the vault and the VNet, and
    the vault is reachable through its private endpoint (``key.ready``)."""
    ctx = place.ctx
    control = UserAssignedIdentity(
        scope,
        "aks-identity",
        name=ctx.name("aks"),
        **place.placed,
    )
    roles = [
        RoleAssignment(scope, id_, scope=target, principal_id=control.principal_id, role_definition_name=role)
        for id_, target, role in (
            ("aks-kms", key.vault_id, "Key Vault Crypto User"),
            ("aks-kms-private", key.vault_id, "Key Vault Contributor"),
            ("aks-network", net.vnet_id, "Network Contributor"),
        )
    ]
    disks = build_disk_encryption_set(scope, place, key, control.principal_id)
    system = ctx.env.system_pool
    aks = KubernetesCluster(
        scope,
        "aks",
        name=ctx.name("aks"),
        **place.placed,
        dns_prefix=ctx.prefix,
        kubernetes_version=ctx.kubernetes_version,
        sku_tier="Standard" if ctx.env.high_availability else "Free",
        default_node_pool={
            "name": "system",
            "vm_size": ctx.infra.machines.system,
            "vnet_subnet_id": net.nodes_subnet_id,
            "auto_scaling_enabled": True,
            "min_count": system.min,
            "max_count": system.max,
            "zones": list(ctx.zones),
            "only_critical_addons_enabled": True,
            "host_encryption_enabled": True,
            "temporary_name_for_rotation": "systemtmp",
            "tags": place.tags,
        },
        node_provisioning_profile={"mode": "Manual"},
        identity={"type": "UserAssigned", "identity_ids": [control.id]},
        disk_encryption_set_id=disks,
        network_profile={
            "network_plugin": "azure",
            "network_plugin_mode": "overlay",
            "network_policy": "cilium",
            "network_data_plane": "cilium",
            "outbound_type": "userAssignedNATGateway",
            "load_balancer_sku": "standard",
        },
        private_cluster_enabled=ctx.env.private_api,
        api_server_access_profile={
            "subnet_id": net.api_server_subnet_id,
            "virtual_network_integration_enabled": True,
            **(
                {}
                if ctx.env.private_api or not ctx.env.api_allowed_cidrs
                else {"authorized_ip_ranges": list(ctx.env.api_allowed_cidrs)}
            ),
        },
        oidc_issuer_enabled=True,
        workload_identity_enabled=True,
        local_account_disabled=True,
        role_based_access_control_enabled=True,
        azure_policy_enabled=True,
        azure_active_directory_role_based_access_control={"azure_rbac_enabled": True, "tenant_id": place.tenant_id},
        key_management_service={"key_vault_key_id": key.key_id, "key_vault_network_access": "Private"},
        oms_agent={"log_analytics_workspace_id": workspace_id, "msi_auth_for_monitoring_enabled": True},
        automatic_upgrade_channel="patch",
        node_os_upgrade_channel="NodeImage",
        depends_on=[*roles, *key.ready],
    )
    _pools(scope, place, net, aks.id)
    workload = UserAssignedIdentity(
        scope,
        "workload-identity",
        name=ctx.name("workload"),
        **place.placed,
    )
    FederatedIdentityCredential(
        scope,
        "workload-federation",
        name=ctx.name("workload"),
        user_assigned_identity_id=workload.id,
        audience=["api://AzureADTokenExchange"],
        issuer=aks.oidc_issuer_url,
        subject=f"system:serviceaccount:{ctx.cluster.namespace}:{ctx.cluster.platform.name}",
    )
    # Velero's server runs as the platform's identity (Azure.backup_identity: a managed identity's client id
    # is known only after apply, and the Kubernetes half names it from settings): it trusts Velero too.
    FederatedIdentityCredential(
        scope,
        "backup-federation",
        name=ctx.name(BACKUP_IDENTITY),
        user_assigned_identity_id=workload.id,
        audience=["api://AzureADTokenExchange"],
        issuer=aks.oidc_issuer_url,
        subject=f"system:serviceaccount:{VELERO_NS}:{BACKUP_SERVICE_ACCOUNT}",
    )
    endpoint = aks.private_fqdn if ctx.env.private_api else aks.fqdn
    return Cluster(
        name=aks.name,
        endpoint=endpoint,
        oidc_issuer=aks.oidc_issuer_url,
        workload_client_id=workload.client_id,
        workload_principal_id=workload.principal_id,
    )


def _pools(scope: Construct, place: Place, net: Network, cluster_id: str) -> None:
    ctx = place.ctx
    machines = ctx.infra.machines
    pools: list[tuple[str, Pool, str, bool, list[str]]] = [("app", ctx.env.app_pool, machines.app, False, [])]
    # Only the model workers tolerate the spot pool's taint; with GPU acceleration they run on the GPU pool,
    # so a spot pool would stay empty (and cost its minimum): it is left out.
    if not ctx.cluster.env.gpu.enabled:
        pools.append(("spot", ctx.env.spot_pool, machines.spot[0], True, [SPOT_TAINT]))
    if ctx.cluster.env.gpu.enabled:
        pools.append(("gpu", ctx.env.gpu_pool, machines.gpu, False, ["nvidia.com/gpu=true:NoSchedule"]))
    for name, pool, size, spot, taints in pools:
        KubernetesClusterNodePool(
            scope,
            f"pool-{name}",
            name=name,
            kubernetes_cluster_id=cluster_id,
            vm_size=size,
            mode="User",
            vnet_subnet_id=net.nodes_subnet_id,
            auto_scaling_enabled=True,
            min_count=pool.min,
            max_count=pool.max,
            zones=list(ctx.zones),
            host_encryption_enabled=True,
            tags=place.tags,
            node_labels={"pool": name, "capacity": "spot" if spot else "on-demand"},
            node_taints=taints or None,
            priority="Spot" if spot else "Regular",
            eviction_policy="Delete" if spot else None,
            spot_max_price=-1 if spot else None,
            temporary_name_for_rotation=f"{name}tmp",
        )
