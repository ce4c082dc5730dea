"""Event Hubs (Premium) with its Kafka surface: TLS 1.2, Entra authentication only (SAS off),
private endpoint, customer-managed key."""

from __future__ import annotations

from cdktn_provider_azurerm.eventhub_namespace import EventhubNamespace
from cdktn_provider_azurerm.eventhub_namespace_customer_managed_key import EventhubNamespaceCustomerManagedKey
from constructs import Construct

from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.network import Network
from fleetform.terraform.azure.private import private_endpoint


def build_broker(scope: Construct, place: Place, net: Network, key: Key) -> EventhubNamespace:
    ctx = place.ctx
    namespace = EventhubNamespace(
        scope,
        "eventhubs",
        name=ctx.name("kafka"),
        **place.placed,
        sku=ctx.infra.machines.broker,
        capacity=1,
        local_authentication_enabled=False,
        minimum_tls_version="1.2",
        public_network_access_enabled=False,
        identity={"type": "UserAssigned", "identity_ids": [key.identity_id]},
    )
    EventhubNamespaceCustomerManagedKey(
        scope,
        "eventhubs-cmk",
        eventhub_namespace_id=namespace.id,
        key_vault_key_ids=[key.versionless_key_id],
        user_assigned_identity_id=key.identity_id,
        infrastructure_encryption_enabled=True,
    )
    private_endpoint(scope, place, net, "eventhubs", namespace.id, "namespace", "privatelink.servicebus.windows.net")
    return namespace
