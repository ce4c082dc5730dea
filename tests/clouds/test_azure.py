"""Azure as fleetform knows it: exact values of every part of the cloud protocol."""

from __future__ import annotations

from fleetform.clouds import BackupTarget
from fleetform.clouds.azure import CONTAINER, Azure, dr_resource_group, resource_group
from tests.clouds.helpers import accepts, site

AZURE = Azure()
SUBSCRIPTION = "0a1b2c3d-0000-4000-8000-000000000003"
WITH_DR = site(SUBSCRIPTION, "westeurope", "northeurope", disaster_recovery=True)
WITHOUT_DR = site(SUBSCRIPTION, "westeurope", "northeurope", disaster_recovery=False)


def test_settings_rules() -> None:
    assert (AZURE.account_rule.means, AZURE.identity_rule.means) == (
        "a subscription id (lowercase UUID)",
        "a managed identity client id (lowercase UUID)",
    )
    assert accepts(AZURE.account_rule, SUBSCRIPTION)
    assert not accepts(AZURE.account_rule, SUBSCRIPTION.upper())
    assert accepts(AZURE.identity_rule, "6f1e2d3c-1111-4111-8111-000000000003")
    assert {name: rule.means for name, rule in AZURE.machine_rules.items()} == {
        "cache": "an Azure Cache for Redis SKU: Basic, Standard or Premium"
    }
    assert accepts(AZURE.machine_rules["cache"], "Premium")
    assert not accepts(AZURE.machine_rules["cache"], "Standard_D4s_v5")
    assert AZURE.required_infra == (("state", "resource_group"),)


def test_kubernetes_parts() -> None:
    assert (AZURE.storage_class.provisioner, dict(AZURE.storage_class.parameters)) == (
        "disk.csi.azure.com",
        {"skuName": "Premium_ZRS"},
    )
    assert dict(AZURE.load_balancer_annotations) == {"service.beta.kubernetes.io/azure-load-balancer-internal": "true"}
    assert AZURE.service_account_annotations("6f1e2d3c-1111-4111-8111-000000000003") == {
        "azure.workload.identity/client-id": "6f1e2d3c-1111-4111-8111-000000000003"
    }
    assert AZURE.pod_labels() == {"azure.workload.identity/use": "true"}
    assert (AZURE.velero_provider, AZURE.velero_plugin) == (
        "azure",
        "docker.io/velero/velero-plugin-for-microsoft-azure:v1.14.2",
    )
    assert (AZURE.istio_platform, AZURE.identity_endpoints, AZURE.kubernetes_service) == ("", (), "aks")


def test_storage_accounts_and_resource_groups() -> None:
    assert (AZURE.model_bucket(WITH_DR), AZURE.dr_bucket(WITH_DR)) == ("mlplatformprodmodels", "mlplatformproddrmodels")
    assert (resource_group(WITH_DR), dr_resource_group(WITH_DR)) == (
        "ml-platform-production",
        "ml-platform-production-dr",
    )
    assert CONTAINER == "models"


def test_backups_go_to_the_dr_account_when_there_is_one() -> None:
    assert AZURE.backup_target(WITH_DR) == BackupTarget(
        "azure",
        "models",
        {
            "resourceGroup": "ml-platform-production-dr",
            "storageAccount": "mlplatformproddrmodels",
            "subscriptionId": SUBSCRIPTION,
        },
        "velero",
    )
    assert AZURE.backup_target(WITHOUT_DR) == BackupTarget(
        "azure",
        "models",
        {
            "resourceGroup": "ml-platform-production",
            "storageAccount": "mlplatformprodmodels",
            "subscriptionId": SUBSCRIPTION,
        },
        "velero",
    )


def test_terraform_builder() -> None:
    assert AZURE.terraform_builder == "fleetform.terraform.azure.stack"


def test_backup_identity_is_the_platform_identity_known_only_after_apply() -> None:
    workload = "6f1e2d3c-1111-4111-8111-000000000003"
    assert AZURE.backup_identity(WITH_DR, workload) == workload
