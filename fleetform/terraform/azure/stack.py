"""The Azure stack of one environment: azurerm state backend, pinned provider, every unit, tags everywhere."""

from __future__ import annotations

from cdktn import AzurermBackend, ITerraformDependable, TerraformStack
from cdktn_provider_azurerm.data_azurerm_client_config import DataAzurermClientConfig
from cdktn_provider_azurerm.provider import AzurermProvider
from cdktn_provider_azurerm.resource_group import ResourceGroup

from fleetform.clouds.azure import CONTAINER, resource_group
from fleetform.terraform.azure.base import Place
from fleetform.terraform.azure.blob_access import grant_blob_access
from fleetform.terraform.azure.broker import build_broker
from fleetform.terraform.azure.cache import build_cache
from fleetform.terraform.azure.cluster import build_cluster
from fleetform.terraform.azure.database import build_database
from fleetform.terraform.azure.dr import build_dr_place, build_replica
from fleetform.terraform.azure.edge import build_edge
from fleetform.terraform.azure.keys import build_key
from fleetform.terraform.azure.network import Network, build_network
from fleetform.terraform.azure.nsg import build_nsgs
from fleetform.terraform.azure.ops import build_budget, build_workspace, protect
from fleetform.terraform.azure.private import Endpoint, private_endpoint
from fleetform.terraform.azure.secrets import build_secrets
from fleetform.terraform.azure.serverless import build_serverless
from fleetform.terraform.azure.storage import build_storage
from fleetform.terraform.context import StackContext
from fleetform.terraform.outputs import add_outputs

#: Private DNS zone of Key Vault private endpoints.
VAULT_ZONE = "privatelink.vaultcore.azure.net"


def build(stack: TerraformStack, ctx: StackContext) -> None:
    state = ctx.infra.state
    AzurermBackend(
        stack,
        resource_group_name=state.resource_group,
        storage_account_name=state.bucket,
        container_name=state.container,
        key=f"{ctx.stack_id}.tfstate",
        use_azuread_auth=True,
    )
    AzurermProvider(stack, "azurerm", features=[{}], subscription_id=ctx.account, storage_use_azuread=True)
    client = DataAzurermClientConfig(stack, "client")
    group = ResourceGroup(stack, "rg", name=resource_group(ctx.cluster.site), location=ctx.region, tags=ctx.tags)
    place = Place(
        ctx=ctx, resource_group=group.name, resource_group_id=group.id, location=ctx.region, tenant_id=client.tenant_id
    )
    net = build_network(stack, place)
    build_nsgs(stack, place, net)
    vaults = _VaultEndpoints(stack, place, net)
    key = build_key(stack, place, vaults.reach)
    dr_place, dr_key = build_dr_place(stack, place, vaults.reach) if ctx.env.disaster_recovery else (None, None)
    workspace = build_workspace(stack, place)
    cluster = build_cluster(stack, place, net, key, workspace.id)
    db = build_database(stack, place, net, key, dr_key)
    cache = build_cache(stack, place, net)
    broker = build_broker(stack, place, net, key)
    store = build_secrets(stack, place, key, cluster, db, cache, broker)
    storage = build_storage(stack, place, key, "storage", ctx.model_bucket, workspace.id)
    private_endpoint(stack, place, net, "blob", storage.id, "blob", "privatelink.blob.core.windows.net")
    ip = build_edge(stack, place, net, key)
    if ctx.env.serverless:
        build_serverless(stack, place, ctx.name("vnet"))
    build_budget(stack, place)
    if ctx.production_grade:
        protect(
            stack,
            place,
            {
                "postgres": db.id,
                "storage": storage.id,
                "vault": key.vault_id,
                "eventhubs": broker.id,
                "redis": cache.id,
            },
        )
    dr_region, backup, backup_id = "", storage.name, None
    if dr_place is not None and dr_key is not None:
        replica = build_replica(stack, dr_place, dr_key, storage, workspace.id)
        dr_region, backup, backup_id = ctx.dr_region, replica.name, replica.id
    grant_blob_access(stack, cluster.workload_principal_id, storage.id, backup_id)
    add_outputs(
        stack,
        {
            "cluster_name": cluster.name,
            "cluster_endpoint": cluster.endpoint,
            "oidc_issuer": cluster.oidc_issuer,
            "workload_identity": cluster.workload_client_id,
            "database_host": db.fqdn,
            "database_credentials": f"entra:{ctx.name('workload')}",
            "cache_host": cache.hostname,
            "broker_bootstrap": f"{broker.name}.servicebus.windows.net:9093",
            "model_bucket": f"{storage.name}/{CONTAINER}",
            "encryption_key": key.versionless_key_id,
            "load_balancer": ip.fqdn,
            "dr_region": dr_region,
            "backup_bucket": f"{backup}/{CONTAINER}",
            "secret_store_identity": store.reader,
            "connection_secret": store.connection,
        },
    )


class _VaultEndpoints:
    """Private endpoints of the Key Vaults (primary, DR), in one private DNS zone: a zone name exists once
    per resource group, so the second endpoint reuses the first one's zone and waits for its VNet link."""

    def __init__(self, stack: TerraformStack, place: Place, net: Network) -> None:
        self._stack, self._place, self._net = stack, place, net
        self._first: Endpoint | None = None

    def reach(self, vault_id: str, id_: str) -> tuple[ITerraformDependable, ...]:
        zone_id = self._first.zone_id if self._first is not None else ""
        endpoint = private_endpoint(self._stack, self._place, self._net, id_, vault_id, "vault", VAULT_ZONE, zone_id)
        self._first = self._first or endpoint
        return tuple(d for d in (endpoint.endpoint, self._first.link) if d is not None)
