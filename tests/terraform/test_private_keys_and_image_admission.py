"""Two Checkov findings closed in the stacks: Azure Key Vaults take no public traffic (AKS reaches its KMS key
through the vault's private endpoint, from an API server integrated into the VNet), and GKE admits images
through a deny-by-default Binary Authorization policy (enforced in production, dry run elsewhere)."""

from __future__ import annotations

from typing import Any

from tests.terraform.helpers import one, resources


def test_azure_vaults_are_private_and_aks_kms_goes_through_the_endpoint(stacks: dict[str, dict[str, Any]]) -> None:
    azure = stacks["azure-production"]
    vaults = resources(azure, "azurerm_key_vault")
    assert {name: (v["public_network_access_enabled"], v["network_acls"]) for name, v in vaults.items()} == {
        name: (False, {"bypass": "AzureServices", "default_action": "Deny"}) for name in ("kv", "kvdr")
    }
    aks = one(azure, "azurerm_kubernetes_cluster")
    assert aks["key_management_service"] == {
        "key_vault_key_id": "${azurerm_key_vault_key.kv-key.id}",
        "key_vault_network_access": "Private",
    }
    # Created only once KMS can work: the identity's roles, and the vault reachable privately (endpoint, DNS).
    reachable = [
        "azurerm_private_endpoint.vault-endpoint",
        "azurerm_private_dns_zone_virtual_network_link.vault-dns-link",
    ]
    assert aks["depends_on"] == [
        "azurerm_role_assignment.aks-kms",
        "azurerm_role_assignment.aks-kms-private",
        "azurerm_role_assignment.aks-network",
        *reachable,
    ]
    # Terraform writes the keys through the endpoints too (the vaults take no public traffic).
    keys = resources(azure, "azurerm_key_vault_key")
    assert keys["kv-key"]["depends_on"] == reachable
    assert keys["kvdr-key"]["depends_on"] == ["azurerm_private_endpoint.vault-dr-endpoint", reachable[1]]
    subnet = resources(azure, "azurerm_subnet")["apiserver"]
    assert subnet["address_prefixes"] == ["10.20.240.0/28"]  # settings/clouds/azure.yaml network.api_server_cidrs
    assert [d["service_delegation"]["name"] for d in subnet["delegation"]] == [
        "Microsoft.ContainerService/managedClusters"
    ]
    roles = resources(azure, "azurerm_role_assignment")
    assert {k: r["role_definition_name"] for k, r in roles.items() if k.startswith("aks-kms")} == {
        "aks-kms": "Key Vault Crypto User",
        "aks-kms-private": "Key Vault Contributor",
    }


def test_gke_enforces_the_project_binary_authorization_policy(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    assert one(gcp, "google_container_cluster")["binary_authorization"] == {
        "evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"
    }
    policy = one(gcp, "google_binary_authorization_policy")
    assert policy["project"] == "acme-ml-production"
    assert policy["global_policy_evaluation_mode"] == "ENABLE"
    assert policy["default_admission_rule"] == {
        "enforcement_mode": "ENFORCED_BLOCK_AND_AUDIT_LOG",
        "evaluation_mode": "ALWAYS_DENY",
    }
    patterns = [p["name_pattern"] for p in policy["admission_whitelist_patterns"]]
    # The folder of settings/platform.yaml's images and its kubectl image, then the charts' publishers.
    assert patterns == [
        "ghcr.io/acme/ml-platform/*",
        "registry.k8s.io/kubectl*",
        "ghcr.io/fluxcd/*",
        "registry.istio.io/release/*",
        "quay.io/jetstack/*",
        "quay.io/prometheus/*",
        "quay.io/prometheus-operator/*",
        "registry.k8s.io/kube-state-metrics/*",
        "ghcr.io/jkroepke/kube-webhook-certgen*",
        "docker.io/grafana/*",
        "quay.io/kiwigrid/*",
        "docker.io/velero/*",
        "ghcr.io/external-secrets/*",
        "ghcr.io/open-telemetry/opentelemetry-collector-releases/*",
        "docker.io/jaegertracing/*",
        "cr.fluentbit.io/fluent/*",
        "docker.io/falcosecurity/falco*",
    ]
    assert not [p for p in patterns if p.count("/") < 2 and not p.startswith("registry.k8s.io/kubectl")]
