"""Azure: AKS with Microsoft Entra Workload ID, Premium SSD (ZRS) disks, internal load balancers, blob storage
in one storage account per region."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from fleetform.clouds.base import BackupTarget, Site, StorageClass
from fleetform.rules import Rule

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

#: The blob container of the models (and of Velero's backups) in each storage account.
CONTAINER = "models"


def resource_group(site: Site) -> str:
    """The resource group of the primary region's resources."""
    return site.prefix


def dr_resource_group(site: Site) -> str:
    """The resource group of the DR region's resources."""
    return site.name("dr")


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
    load_balancer_annotations: Mapping[str, str] = MappingProxyType(
        {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
    )
    velero_provider = "azure"
    velero_plugin = "docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.2"
    istio_platform = ""
    kubernetes_service = "aks"
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    terraform_builder = "fleetform.terraform.azure.stack"

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {"azure.workload.identity/client-id": identity}

    def pod_labels(self) -> dict[str, str]:
        return {"azure.workload.identity/use": "true"}

    def model_bucket(self, site: Site) -> str:
        """The storage account: 3-24 lowercase letters and digits, globally unique."""
        return site.compact_name("models")

    def dr_bucket(self, site: Site) -> str:
        return site.compact_name("drmodels")

    def backup_target(self, site: Site) -> BackupTarget:
        """Velero's bucket is the container; the storage account and its resource group are plugin config."""
        dr = site.disaster_recovery
        return BackupTarget(
            self.velero_provider,
            CONTAINER,
            {
                "resourceGroup": dr_resource_group(site) if dr else resource_group(site),
                "storageAccount": self.dr_bucket(site) if dr else self.model_bucket(site),
                "subscriptionId": site.account,
            },
        )

    def backup_identity(self, site: Site, workload: str) -> str:
        """The platform's managed identity (its client id is settings: a managed identity's client id is known
        only after apply); the stack adds a federated credential for Velero's ServiceAccount to it
        (``fleetform/terraform/azure/cluster.py``)."""
        return workload
