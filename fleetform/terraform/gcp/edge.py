"""Public entry on GKE: a global static address, a Google-managed certificate, an SSL policy (TLS 1.2
minimum, RESTRICTED ciphers: GCP offers no TLS 1.3-only minimum; TLS 1.3 is negotiated when the client
supports it) and a Cloud Armor policy (OWASP preconfigured rules, rate limiting). The load balancer that puts
them in front of the ingress gateway is :mod:`.load_balancer`."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_provider_google.compute_global_address import ComputeGlobalAddress
from cdktn_provider_google.compute_managed_ssl_certificate import ComputeManagedSslCertificate
from cdktn_provider_google.compute_security_policy import ComputeSecurityPolicy, ComputeSecurityPolicyRule
from cdktn_provider_google.compute_ssl_policy import ComputeSslPolicy
from constructs import Construct

from fleetform.terraform.context import StackContext

WAF_RULES = ("sqli-v33-stable", "xss-v33-stable", "lfi-v33-stable", "rce-v33-stable", "protocolattack-v33-stable")
RATE_LIMIT = 2000  # requests per minute per client IP


def _rules() -> list[ComputeSecurityPolicyRule]:
    rules = [
        ComputeSecurityPolicyRule(
            priority=1000 + i,
            action="deny(403)",
            description=f"OWASP {rule}",
            match={"expr": {"expression": f"evaluatePreconfiguredWaf('{rule}')"}},
        )
        for i, rule in enumerate(WAF_RULES)
    ]
    rules.append(
        ComputeSecurityPolicyRule(
            priority=2000,
            action="throttle",
            description="rate limit per client IP",
            match={"versioned_expr": "SRC_IPS_V1", "config": {"src_ip_ranges": ["*"]}},
            rate_limit_options={
                "conform_action": "allow",
                "exceed_action": "deny(429)",
                "enforce_on_key": "IP",
                "rate_limit_threshold": {"count": RATE_LIMIT, "interval_sec": 60},
            },
        )
    )
    rules.append(
        ComputeSecurityPolicyRule(
            priority=2147483647,
            action="allow",
            description="default",
            match={"versioned_expr": "SRC_IPS_V1", "config": {"src_ip_ranges": ["*"]}},
        )
    )
    return rules


@dataclass(frozen=True)
class Edge:
    """The public address (its ``address`` and resource ``address_id``), the certificate, the TLS policy and the
    Cloud Armor policy, by id."""

    address: str
    address_id: str
    certificate_id: str
    tls_policy_id: str
    armor_id: str


def build_edge(scope: Construct, ctx: StackContext) -> Edge:
    address = ComputeGlobalAddress(scope, "ingress-ip", name=ctx.name("ingress"), labels=ctx.labels)
    cert = ComputeManagedSslCertificate(scope, "api-cert", name=ctx.name("api"), managed={"domains": [ctx.api_host]})
    tls = ComputeSslPolicy(scope, "tls-policy", name=ctx.name("tls"), profile="RESTRICTED", min_tls_version="TLS_1_2")
    armor = ComputeSecurityPolicy(
        scope,
        "armor",
        name=ctx.name("armor"),
        description=f"{ctx.prefix} WAF",
        rule=_rules(),
        adaptive_protection_config={"layer7_ddos_defense_config": {"enable": True}},
    )
    return Edge(address.address, address.id, cert.id, tls.id, armor.id)
