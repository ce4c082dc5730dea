"""Azure: AKS with Microsoft Entra Workload ID, Premium SSD (ZRS) disks, blob storage in one storage account per
region, and an Application Gateway whose backend is the ingress gateway's internal load balancer at a static
private address of the node subnet (``network.ingress_ip`` of ``settings/clouds/azure.yaml``)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from fleetform.clouds.base import BackupTarget, Site, StorageClass
from fleetform.clouds.ingress import Backend, ControllerRelease, Exposure, node_subnet
from fleetform.rules import Problem, Rule

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

#: The blob container of the models (and of Velero's backups) in each storage account.
CONTAINER = "models"
#: Azure keeps the first four addresses of every subnet (network, default gateway, two for Azure DNS) and its last
#: (broadcast): a load balancer frontend cannot take them.
RESERVED_FIRST, RESERVED_LAST = 4, 1


def resource_group(site: Site) -> str:
    """The resource group of the primary region's resources."""
    return site.prefix


def dr_resource_group(site: Site) -> str:
    """The resource group of the DR region's resources."""
    return site.name("dr")


def vault_name(site: Site, suffix: str = "") -> str:
    """The Key Vault of the customer key and the platform's secrets (``suffix``: the DR region's copy)."""
    return site.compact_name(f"kv{suffix}")


class Azure:
    name = "azure"
    account_rule = Rule(pattern=_UUID, means="a subscription id (lowercase UUID)")
    identity_rule = Rule(pattern=_UUID, means="a managed identity client id (lowercase UUID)")
    machine_rules: Mapping[str, Rule] = MappingProxyType(
        {
            "cache": Rule(
                pattern=r"Basic|Standard|Premium", means="an Azure Cache for Redis SKU: Basic, Standard or Premium"
            )
        }
    )
    #: The azurerm backend's storage account lives in a resource group of its own.
    required_infra: tuple[tuple[str, ...], ...] = (("state", "resource_group"),)
    storage_class = StorageClass("disk.csi.azure.com", MappingProxyType({"skuName": "Premium_ZRS"}))
    #: The Application Gateway lives in the VNet (its own subnet): the VNet's range covers its requests and probes.
    load_balancer_sources: tuple[str, ...] = ()
    namespaces: tuple[str, ...] = ()
    velero_provider = "azure"
    velero_plugin = "docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.2"
    istio_platform = ""
    kubernetes_service = "aks"
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    terraform_builder = "fleetform.terraform.azure.stack"
    #: A managed identity's client id exists only once the stack has created it.
    store_identity_in_settings = True

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"azure.workload.identity/client-id": identity}

    def pod_labels(self) -> dict[str, str]:
        return {"azure.workload.identity/use": "true"}

    def exposure(self, site: Site, backend: Backend, address: str) -> Exposure:
        """An internal load balancer of AKS at ``address``, the Application Gateway's backend pool. The
        ``azure-load-balancer-ipv4`` annotation replaces the deprecated ``spec.loadBalancerIP``."""
        return Exposure(
            "LoadBalancer",
            {
                "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
                "service.beta.kubernetes.io/azure-load-balancer-ipv4": address,
            },
        )

    def load_balancer_controller(self, site: Site) -> ControllerRelease | None:
        """None: AKS's cloud provider serves internal load balancers itself."""
        return None

    def ingress_address_problem(self, vpc_cidr: str, address: str) -> Problem | None:
        """The address must be one of the node subnet's assignable addresses (AKS puts the internal load
        balancer's frontend in the nodes' subnet), so both halves can name it before anything exists."""
        nodes = ipaddress.IPv4Network(node_subnet(vpc_cidr))
        first, last = nodes[RESERVED_FIRST], nodes[-1 - RESERVED_LAST]
        expected = f"an address of the node subnet {nodes} from {first} to {last}, e.g. {last}"
        if not address:
            return Problem(("ingress_ip",), "not set", expected)
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            return Problem(("ingress_ip",), f"{address!r} is not an IPv4 address", expected)
        if ip not in nodes:
            return Problem(("ingress_ip",), f"{address} is outside the node subnet {nodes}", expected)
        if not first <= ip <= last:
            return Problem(("ingress_ip",), f"{address} is reserved by Azure in {nodes}", expected)
        return None

    def model_bucket(self, site: Site) -> str:
        """The storage account: 3-24 lowercase letters and digits, globally unique."""
        return site.compact_name("models")

    def dr_bucket(self, site: Site) -> str:
        return site.compact_name("drmodels")

    def backup_target(self, site: Site) -> BackupTarget:
        """Velero's bucket is the container; the storage account and its resource group are plugin config.
        ``useAAD``: the plugin reaches the blobs with its Entra ID token (the accounts take no account keys; the
        identity holds Storage Blob Data Contributor on the account: ``fleetform/terraform/azure/blob_access.py``)."""
        dr = site.disaster_recovery
        return BackupTarget(
            self.velero_provider,
            CONTAINER,
            {
                "resourceGroup": dr_resource_group(site) if dr else resource_group(site),
                "storageAccount": self.dr_bucket(site) if dr else self.model_bucket(site),
                "subscriptionId": site.account,
                "useAAD": "true",
            },
        )

    def secret_store_identity(self, site: Site, configured: Mapping[str, str]) -> str:
        """The client id of the managed identity the stack creates (its output ``secret_store_identity``)."""
        return configured[site.environment]

    def secret_store_provider(self, site: Site, reader: Mapping[str, str]) -> dict[str, Any]:
        """The primary region's Key Vault, reached through its private endpoint; External Secrets Operator
        requests a token for ``reader`` and exchanges it with Entra ID for the managed identity in its
        ``azure.workload.identity/client-id`` annotation. The tenant is the cluster's: the AKS workload
        identity webhook gives the operator's pods ``AZURE_TENANT_ID`` (they carry :meth:`pod_labels`)."""
        return {
            "azurekv": {
                "authType": "WorkloadIdentity",
                "vaultUrl": f"https://{vault_name(site)}.vault.azure.net",
                "serviceAccountRef": dict(reader),
            }
        }

    def backup_identity(self, site: Site, workload: str) -> str:
        """The platform's managed identity (its client id is settings: a managed identity's client id is known
        only after apply); the stack adds a federated credential for Velero's ServiceAccount to it
        (``fleetform/terraform/azure/cluster.py``)."""
        return workload
