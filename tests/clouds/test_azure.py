"""Azure as fleetform knows it: exact values of every part of the cloud protocol."""

from __future__ import annotations

import pytest

from fleetform.clouds import BackupTarget, Exposure
from fleetform.clouds.azure import CONTAINER, Azure, dr_resource_group, resource_group, vault_name
from fleetform.rules import Problem
from tests.clouds.helpers import GATEWAY, accepts, site

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
            "useAAD": "true",
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
            "useAAD": "true",
        },
        "velero",
    )


def test_terraform_builder() -> None:
    assert AZURE.terraform_builder == "fleetform.terraform.azure.stack"


def test_secret_store() -> None:
    """The reader's client id exists only after apply: the settings carry it, per environment."""
    client_id = "6f1e2d3c-2222-4222-8222-000000000003"
    assert AZURE.store_identity_in_settings is True
    assert AZURE.secret_store_identity(WITH_DR, {"production": client_id, "dev": "other"}) == client_id
    assert vault_name(WITH_DR) == "mlplatformprodkv"
    assert vault_name(WITH_DR, "dr") == "mlplatformprodkvdr"
    assert AZURE.secret_store_provider(WITH_DR, {"name": "reader", "namespace": "eso"}) == {
        "azurekv": {
            "authType": "WorkloadIdentity",
            "vaultUrl": "https://mlplatformprodkv.vault.azure.net",
            "serviceAccountRef": {"name": "reader", "namespace": "eso"},
        }
    }


def test_the_application_gateway_reaches_an_internal_load_balancer_at_the_settings_address() -> None:
    assert AZURE.exposure(WITH_DR, GATEWAY, "10.20.31.250") == Exposure(
        "LoadBalancer",
        {
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.20.31.250",
        },
    )
    assert AZURE.load_balancer_controller(WITH_DR) is None
    assert (AZURE.load_balancer_sources, AZURE.namespaces) == ((), ())


EXPECTED = "an address of the node subnet 10.20.0.0/19 from 10.20.0.4 to 10.20.31.254, e.g. 10.20.31.254"


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("10.20.31.250", None),
        ("10.20.0.4", None),
        ("", "not set"),
        ("10.20.31", "'10.20.31' is not an IPv4 address"),
        ("10.20.32.10", "10.20.32.10 is outside the node subnet 10.20.0.0/19"),
        ("10.20.0.3", "10.20.0.3 is reserved by Azure in 10.20.0.0/19"),
        ("10.20.31.255", "10.20.31.255 is reserved by Azure in 10.20.0.0/19"),
    ],
)
def test_the_ingress_address_is_an_assignable_address_of_the_node_subnet(address: str, problem: str | None) -> None:
    expected = None if problem is None else Problem(("ingress_ip",), problem, EXPECTED)
    assert AZURE.ingress_address_problem("10.20.0.0/16", address) == expected


def test_backup_identity_is_the_platform_identity_known_only_after_apply() -> None:
    workload = "6f1e2d3c-1111-4111-8111-000000000003"
    assert AZURE.backup_identity(WITH_DR, workload) == workload
