"""Public entry: Application Gateway WAF_v2 (zone-redundant, TLS 1.2+) with an OWASP/DRS WAF policy in
Prevention mode. The TLS certificate is read from the Key Vault secret ``api-tls``."""

from __future__ import annotations

from cdktn_provider_azurerm.application_gateway import (
    ApplicationGateway,
    ApplicationGatewayBackendAddressPool,
    ApplicationGatewayBackendHttpSettings,
    ApplicationGatewayFrontendIpConfiguration,
    ApplicationGatewayFrontendPort,
    ApplicationGatewayGatewayIpConfiguration,
    ApplicationGatewayHttpListener,
    ApplicationGatewayRequestRoutingRule,
    ApplicationGatewaySslCertificate,
)
from cdktn_provider_azurerm.public_ip import PublicIp
from cdktn_provider_azurerm.web_application_firewall_policy import (
    WebApplicationFirewallPolicy,
    WebApplicationFirewallPolicyManagedRulesManagedRuleSet,
)
from constructs import Construct

from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.network import Network

CERTIFICATE_SECRET = "api-tls"


def build_edge(scope: Construct, place: Place, net: Network, key: Key) -> PublicIp:
    ctx = place.ctx
    ip = PublicIp(
        scope,
        "appgw-ip",
        name=ctx.name("appgw"),
        allocation_method="Static",
        sku="Standard",
        zones=list(ctx.zones),
        domain_name_label=ctx.prefix,
        **place.placed,
    )
    policy = WebApplicationFirewallPolicy(
        scope,
        "waf",
        name=ctx.name("waf"),
        **place.placed,
        policy_settings={"enabled": True, "mode": "Prevention", "request_body_check": True},
        managed_rules={
            "managed_rule_set": [
                WebApplicationFirewallPolicyManagedRulesManagedRuleSet(type="Microsoft_DefaultRuleSet", version="2.1"),
                WebApplicationFirewallPolicyManagedRulesManagedRuleSet(
                    type="Microsoft_BotManagerRuleSet", version="1.1"
                ),
            ]
        },
    )
    host = f"api.{ctx.cluster.environment}.{ctx.cluster.cloud.name}.{ctx.infra.dns_zone}"
    ApplicationGateway(
        scope,
        "appgw",
        name=ctx.name("appgw"),
        **place.placed,
        sku={"name": "WAF_v2", "tier": "WAF_v2"},
        zones=list(ctx.zones),
        autoscale_configuration={"min_capacity": 2 if ctx.env.high_availability else 1, "max_capacity": 10},
        firewall_policy_id=policy.id,
        force_firewall_policy_association=True,
        http2_enabled=True,
        identity={"type": "UserAssigned", "identity_ids": [key.identity_id]},
        ssl_policy={"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101S"},
        gateway_ip_configuration=[
            ApplicationGatewayGatewayIpConfiguration(name="gateway", subnet_id=net.gateway_subnet_id)
        ],
        frontend_ip_configuration=[
            ApplicationGatewayFrontendIpConfiguration(name="public", public_ip_address_id=ip.id)
        ],
        frontend_port=[ApplicationGatewayFrontendPort(name="https", port=443)],
        ssl_certificate=[
            ApplicationGatewaySslCertificate(
                name="api", key_vault_secret_id=f"{key.vault_uri}secrets/{CERTIFICATE_SECRET}"
            )
        ],
        backend_address_pool=[ApplicationGatewayBackendAddressPool(name="api")],
        backend_http_settings=[
            ApplicationGatewayBackendHttpSettings(
                name="api", port=8080, protocol="Http", cookie_based_affinity="Disabled", request_timeout=60
            )
        ],
        http_listener=[
            ApplicationGatewayHttpListener(
                name="https",
                frontend_ip_configuration_name="public",
                frontend_port_name="https",
                protocol="Https",
                ssl_certificate_name="api",
                host_name=host,
                require_sni=True,
            )
        ],
        request_routing_rule=[
            ApplicationGatewayRequestRoutingRule(
                name="api",
                rule_type="Basic",
                http_listener_name="https",
                backend_address_pool_name="api",
                backend_http_settings_name="api",
                priority=100,
            )
        ],
    )
    return ip
