"""The public load balancer of each production stack reaches the ingress gateway and checks its readiness."""

from __future__ import annotations

import hashlib
import json
from importlib import resources as package_files
from typing import Any

from fleetform.terraform.aws.lb_controller import POLICY_FILE, POLICY_SHA256, policy_document
from tests.terraform.helpers import one, resources

HOST = "api.production.{}.ml.acme.example"


def test_aws_target_group_holds_pod_addresses_and_checks_the_gateway_readiness(
    stacks: dict[str, dict[str, Any]],
) -> None:
    aws = stacks["aws-production"]
    group = resources(aws, "aws_lb_target_group")["alb-api"]
    del group["//"]
    assert group == {
        "name": "ml-platform-production-api",
        "port": 80,
        "protocol": "HTTP",
        "target_type": "ip",
        "vpc_id": "${aws_vpc.vpc.id}",
        "deregistration_delay": "30",
        "health_check": {"protocol": "HTTP", "port": "15021", "path": "/healthz/ready", "matcher": "200"},
    }
    https = resources(aws, "aws_lb_listener")["alb-https"]["default_action"]
    assert https == [{"type": "forward", "target_group_arn": "${aws_lb_target_group.alb-api.arn}"}]


def test_aws_nodes_admit_the_alb_on_the_gateway_ports_only(stacks: dict[str, dict[str, Any]]) -> None:
    rules = resources(stacks["aws-production"], "aws_vpc_security_group_ingress_rule")
    from_alb = {
        name: (rule["security_group_id"], rule["from_port"], rule["to_port"])
        for name, rule in rules.items()
        if rule.get("referenced_security_group_id") == "${aws_security_group.sg-alb.id}"
    }
    nodes = "${aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id}"
    assert from_alb == {
        "sg-nodes-from-alb-traffic": (nodes, 80, 80),
        "sg-nodes-from-alb-health": (nodes, 15021, 15021),
    }


def test_aws_load_balancer_controller_role_trusts_its_service_account_only(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    role = resources(aws, "aws_iam_role")["lb-controller-role"]
    assert role["name"] == "ml-platform-production-lb-controller"
    # The interpolated issuer holds quotes, so the document is JSON only once Terraform has resolved it.
    issuer = '${replace(aws_eks_cluster.eks.identity[0].oidc[0].issuer, "https://", "")}'
    subject = "system:serviceaccount:aws-load-balancer-controller:aws-load-balancer-controller"
    assert role["assume_role_policy"] == (
        '{"Statement": [{"Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": '
        f'{{"{issuer}:aud": "sts.amazonaws.com", "{issuer}:sub": "{subject}"}}}}, "Effect": "Allow", '
        '"Principal": {"Federated": "${aws_iam_openid_connect_provider.eks-oidc.arn}"}}], "Version": "2012-10-17"}'
    )
    policy = resources(aws, "aws_iam_policy")["lb-controller-policy"]
    assert (policy["name"], policy["policy"]) == ("ml-platform-production-lb-controller", policy_document())
    attachment = resources(aws, "aws_iam_role_policy_attachment")["lb-controller-attach"]
    assert (attachment["role"], attachment["policy_arn"]) == (
        "${aws_iam_role.lb-controller-role.name}",
        "${aws_iam_policy.lb-controller-policy.arn}",
    )


def test_aws_controller_policy_is_upstreams_verbatim() -> None:
    """The vendored file is docs/install/iam_policy.json of aws-load-balancer-controller v3.5.0, byte for byte."""
    data = package_files.files("fleetform.terraform.aws").joinpath(POLICY_FILE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == POLICY_SHA256
    document = json.loads(policy_document())
    assert (document["Version"], len(document["Statement"]), len(policy_document())) == ("2012-10-17", 16, 5196)


def test_azure_application_gateway_sends_to_the_gateway_internal_load_balancer(
    stacks: dict[str, dict[str, Any]],
) -> None:
    gateway = one(stacks["azure-production"], "azurerm_application_gateway")
    host = HOST.format("azure")
    assert gateway["backend_address_pool"] == [{"name": "api", "ip_addresses": ["10.20.31.250"]}]
    assert gateway["probe"] == [
        {
            "name": "ingress",
            "protocol": "Http",
            "host": host,
            "port": 15021,
            "path": "/healthz/ready",
            "interval": 15,
            "timeout": 5,
            "unhealthy_threshold": 3,
            "match": {"status_code": ["200"]},
        }
    ]
    assert gateway["backend_http_settings"] == [
        {
            "name": "api",
            "port": 80,
            "protocol": "Http",
            "cookie_based_affinity": "Disabled",
            "request_timeout": 60,
            "probe_name": "ingress",
        }
    ]
    listeners = {
        listener["name"]: (listener["frontend_port_name"], listener["protocol"])
        for listener in gateway["http_listener"]
    }
    assert listeners == {"https": ("https", "Https"), "http": ("http", "Http")}
    assert gateway["redirect_configuration"] == [
        {
            "name": "to-https",
            "redirect_type": "Permanent",
            "target_listener_name": "https",
            "include_path": True,
            "include_query_string": True,
        }
    ]
    rules = {rule["name"]: rule for rule in gateway["request_routing_rule"]}
    assert (rules["api"]["backend_address_pool_name"], rules["http-to-https"]["redirect_configuration_name"]) == (
        "api",
        "to-https",
    )


def test_azure_certificate_is_issued_by_the_vault_and_read_by_the_gateway_only(
    stacks: dict[str, dict[str, Any]],
) -> None:
    azure = stacks["azure-production"]
    host = HOST.format("azure")
    certificate = resources(azure, "azurerm_key_vault_certificate")["api-cert"]
    policy = certificate["certificate_policy"]
    assert (certificate["name"], certificate["key_vault_id"], policy["issuer_parameters"]) == (
        "api-tls",
        "${azurerm_key_vault.kv.id}",
        {"name": "Self"},
    )
    assert policy["x509_certificate_properties"]["subject_alternative_names"] == {"dns_names": [host]}
    assert policy["lifetime_action"] == [
        {"action": {"action_type": "AutoRenew"}, "trigger": {"days_before_expiry": 30}}
    ]
    assert "certificate" not in certificate  # issued, never uploaded
    gateway = one(azure, "azurerm_application_gateway")
    assert gateway["ssl_certificate"] == [
        {"name": "api", "key_vault_secret_id": "${azurerm_key_vault_certificate.api-cert.versionless_secret_id}"}
    ]
    assert gateway["identity"] == {
        "type": "UserAssigned",
        "identity_ids": ["${azurerm_user_assigned_identity.appgw-identity.id}"],
    }
    reader = resources(azure, "azurerm_role_assignment")["appgw-certificate-reader"]
    assert (reader["scope"], reader["role_definition_name"], reader["principal_id"]) == (
        "${azurerm_key_vault.kv.id}/secrets/api-tls",
        "Key Vault Secrets User",
        "${azurerm_user_assigned_identity.appgw-identity.principal_id}",
    )
    assert gateway["depends_on"] == [
        "azurerm_key_vault_certificate.api-cert",
        "azurerm_role_assignment.appgw-certificate-reader",
    ]


def test_gcp_backend_service_takes_the_negs_gke_creates(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    lookups = gcp["data"]["google_compute_network_endpoint_groups"]
    assert {name: (d["zone"], d["filter"]) for name, d in lookups.items()} == {
        f"ingress-neg-{i}": (f"europe-west4-{zone}", 'name = "ml-platform-production-ingress"')
        for i, zone in enumerate("abc")
    }
    service = resources(gcp, "google_compute_backend_service")["ingress-backend"]
    del service["//"]
    groups = ", ".join(
        f"data.google_compute_network_endpoint_groups.ingress-neg-{i}.network_endpoint_groups" for i in range(3)
    )
    assert service == {
        "name": "ml-platform-production-ingress",
        "protocol": "HTTP",
        "load_balancing_scheme": "EXTERNAL_MANAGED",
        "health_checks": ["${google_compute_health_check.ingress-health.id}"],
        "security_policy": "${google_compute_security_policy.armor.id}",
        "log_config": {"enable": True, "sample_rate": 1},
        "dynamic": {
            "backend": {
                "for_each": f"${{toset(flatten([{groups}]))}}",
                "iterator": "each",
                "content": {
                    "group": "${each.value.self_link}",
                    "balancing_mode": "RATE",
                    "max_rate_per_endpoint": 1000,
                },
            }
        },
    }
    check = resources(gcp, "google_compute_health_check")["ingress-health"]["http_health_check"]
    assert check == {"port": 15021, "port_specification": "USE_FIXED_PORT", "request_path": "/healthz/ready"}


def test_gcp_https_and_redirect_share_the_global_address(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    rules = resources(gcp, "google_compute_global_forwarding_rule")
    assert {name: (r["port_range"], r["target"], r["ip_address"]) for name, r in rules.items()} == {
        "ingress-https-rule": (
            "443",
            "${google_compute_target_https_proxy.ingress-https.id}",
            "${google_compute_global_address.ingress-ip.id}",
        ),
        "ingress-http-rule": (
            "80",
            "${google_compute_target_http_proxy.ingress-http.id}",
            "${google_compute_global_address.ingress-ip.id}",
        ),
    }
    https = resources(gcp, "google_compute_target_https_proxy")["ingress-https"]
    assert (https["url_map"], https["ssl_certificates"], https["ssl_policy"]) == (
        "${google_compute_url_map.ingress-map.id}",
        ["${google_compute_managed_ssl_certificate.api-cert.id}"],
        "${google_compute_ssl_policy.tls-policy.id}",
    )
    maps = resources(gcp, "google_compute_url_map")
    assert maps["ingress-map"]["default_service"] == "${google_compute_backend_service.ingress-backend.id}"
    assert maps["ingress-redirect"]["default_url_redirect"] == {
        "https_redirect": True,
        "strip_query": False,
        "redirect_response_code": "MOVED_PERMANENTLY_DEFAULT",
    }


def test_gcp_firewall_admits_google_front_ends_to_the_gateway_ports_only(stacks: dict[str, dict[str, Any]]) -> None:
    rule = resources(stacks["gcp-production"], "google_compute_firewall")["allow-load-balancer"]
    assert (rule["source_ranges"], rule["allow"], rule["priority"], rule["direction"]) == (
        ["35.191.0.0/16", "130.211.0.0/22"],
        [{"protocol": "tcp", "ports": ["15021", "80"]}],
        1000,
        "INGRESS",
    )
