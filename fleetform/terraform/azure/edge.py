"""Public entry: Application Gateway WAF_v2 (zone-redundant, TLS 1.2+) with an OWASP/DRS WAF policy in
Prevention mode.

The gateway ends TLS with the certificate the Key Vault issues (:mod:`.certificate`), redirects plain HTTP to
HTTPS, and sends requests as plain HTTP to its backend pool: the one address ``network.ingress_ip`` of
``settings/clouds/azure.yaml``, where AKS puts the Istio gateway's internal load balancer (the Kubernetes half
gives that Service the same address). Its probe asks the gateway pods' readiness endpoint through the same load
balancer (``fleetform.settings.ingress``: 15021 ``/healthz/ready``)."""

from __future__ import annotations

from cdktn_provider_azurerm.application_gateway import (
    ApplicationGateway,
    ApplicationGatewayBackendAddressPool,
    ApplicationGatewayBackendHttpSettings,
    ApplicationGatewayFrontendIpConfiguration,
    ApplicationGatewayFrontendPort,
    ApplicationGatewayGatewayIpConfiguration,
    ApplicationGatewayHttpListener,
    ApplicationGatewayProbe,
    ApplicationGatewayRedirectConfiguration,
    ApplicationGatewayRequestRoutingRule,
    ApplicationGatewaySslCertificate,
)
from cdktn_provider_azurerm.public_ip import PublicIp
from cdktn_provider_azurerm.web_application_firewall_policy import (
    WebApplicationFirewallPolicy,
    WebApplicationFirewallPolicyManagedRulesManagedRuleSet,
)
from constructs import Construct

from fleetform.settings.ingress import ingress_backend
from fleetform.terraform.azure.base import Key, Place
from fleetform.terraform.azure.certificate import build_api_certificate
from fleetform.terraform.azure.network import Network

#: Seconds between probes of each backend, the wait for an answer, and failed probes before it is taken out.
PROBE_INTERVAL, PROBE_TIMEOUT, PROBE_UNHEALTHY = 15, 5, 3


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
    host, backend = ctx.api_host, ingress_backend(ctx.cluster)
    certificate = build_api_certificate(scope, place, key, host)
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
        identity={"type": "UserAssigned", "identity_ids": [certificate.identity_id]},
        depends_on=list(certificate.ready),
        ssl_policy={"policy_type": "Predefined", "policy_name": "AppGwSslPolicy20220101S"},
        gateway_ip_configuration=[
            ApplicationGatewayGatewayIpConfiguration(name="gateway", subnet_id=net.gateway_subnet_id)
        ],
        frontend_ip_configuration=[
            ApplicationGatewayFrontendIpConfiguration(name="public", public_ip_address_id=ip.id)
        ],
        frontend_port=[
            ApplicationGatewayFrontendPort(name="https", port=443),
            ApplicationGatewayFrontendPort(name="http", port=80),
        ],
        ssl_certificate=[ApplicationGatewaySslCertificate(name="api", key_vault_secret_id=certificate.secret_id)],
        backend_address_pool=[
            ApplicationGatewayBackendAddressPool(
                name="api", ip_addresses=[ctx.cluster.cloud_settings.network.ingress_ip]
            )
        ],
        probe=[
            ApplicationGatewayProbe(
                name="ingress",
                protocol="Http",
                host=host,
                port=backend.health_service_port,
                path=backend.health_path,
                interval=PROBE_INTERVAL,
                timeout=PROBE_TIMEOUT,
                unhealthy_threshold=PROBE_UNHEALTHY,
                match={"status_code": ["200"]},
            )
        ],
        backend_http_settings=[
            ApplicationGatewayBackendHttpSettings(
                name="api",
                port=backend.port,
                protocol="Http",
                cookie_based_affinity="Disabled",
                request_timeout=60,
                probe_name="ingress",
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
            ),
            ApplicationGatewayHttpListener(
                name="http",
                frontend_ip_configuration_name="public",
                frontend_port_name="http",
                protocol="Http",
                host_name=host,
            ),
        ],
        redirect_configuration=[
            ApplicationGatewayRedirectConfiguration(
                name="to-https",
                redirect_type="Permanent",
                target_listener_name="https",
                include_path=True,
                include_query_string=True,
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
            ),
            ApplicationGatewayRequestRoutingRule(
                name="http-to-https",
                rule_type="Basic",
                http_listener_name="http",
                redirect_configuration_name="to-https",
                priority=110,
            ),
        ],
    )
    return ip
