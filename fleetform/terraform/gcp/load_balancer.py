"""The global external Application Load Balancer in front of the ingress gateway.

Request path: forwarding rule (the global address, 443) -> target HTTPS proxy (Google-managed certificate, TLS
policy) -> URL map -> backend service (Cloud Armor policy, plain HTTP) -> the standalone network endpoint groups
(NEGs) that GKE fills with the gateway pods' addresses -> the pods' port 80. Port 80 of the address redirects to
HTTPS. The backend service's health check asks the same pods' readiness endpoint (15021 ``/healthz/ready``); a
firewall rule admits Google's front ends and health checkers to the pods on those two ports only.

The NEGs belong to GKE: its NEG controller creates them (one per zone that has nodes, all named
``fleetform.clouds.gcp.neg_name``) once the gateway's Service with the ``cloud.google.com/neg`` annotation exists,
and refuses NEGs of that name made by anyone else. So the stack does not create them: it lists, per zone, the
NEGs of that name (``google_compute_network_endpoint_groups``, which is empty, not an error, before they exist)
and makes each one found a backend. The first apply therefore builds the whole load balancer with no backends
(it answers 502); the next apply after Flux has installed the gateway adds them, and later applies add a zone's
NEG when the cluster first gets nodes there.
"""

from __future__ import annotations

from cdktn import Fn, TerraformIterator, Token
from cdktn_provider_google.compute_backend_service import ComputeBackendService
from cdktn_provider_google.compute_global_forwarding_rule import ComputeGlobalForwardingRule
from cdktn_provider_google.compute_health_check import ComputeHealthCheck
from cdktn_provider_google.compute_target_http_proxy import ComputeTargetHttpProxy
from cdktn_provider_google.compute_target_https_proxy import ComputeTargetHttpsProxy
from cdktn_provider_google.compute_url_map import ComputeUrlMap
from cdktn_provider_google.data_google_compute_network_endpoint_groups import DataGoogleComputeNetworkEndpointGroups
from constructs import Construct

from fleetform.clouds.gcp import GOOGLE_FRONT_ENDS, neg_name
from fleetform.settings.ingress import ingress_backend
from fleetform.terraform.context import StackContext
from fleetform.terraform.gcp.edge import Edge
from fleetform.terraform.gcp.network import Network, ingress_rule

#: Requests per second per pod at which the load balancer considers a NEG endpoint full and spills to other
#: zones (RATE balancing, which NEG backends require); not a cap: an Envoy gateway pod serves far more.
MAX_RATE_PER_ENDPOINT = 1000
SCHEME = "EXTERNAL_MANAGED"  # the global external Application Load Balancer (Envoy-based)


def build_load_balancer(scope: Construct, ctx: StackContext, net: Network, edge: Edge) -> None:
    backend = ingress_backend(ctx.cluster)
    ports = sorted({str(backend.target_port), str(backend.health_port)})
    allow = [{"protocol": "tcp", "ports": ports}]
    ingress_rule(scope, ctx, net.network_id, "allow-load-balancer", 1000, list(GOOGLE_FRONT_ENDS), allow=allow)
    check = ComputeHealthCheck(
        scope,
        "ingress-health",
        name=ctx.name("ingress"),
        http_health_check={
            "port": backend.health_port,
            "port_specification": "USE_FIXED_PORT",
            "request_path": backend.health_path,
        },
        log_config={"enable": True},
    )
    name = neg_name(ctx.cluster.site)
    groups = [
        DataGoogleComputeNetworkEndpointGroups(scope, f"ingress-neg-{i}", zone=zone, filter=f'name = "{name}"')
        for i, zone in enumerate(ctx.zones)
    ]
    found = TerraformIterator.from_list(
        Token.as_list(Fn.flatten([Token.as_any(group.network_endpoint_groups) for group in groups]))
    )
    service = ComputeBackendService(
        scope,
        "ingress-backend",
        name=ctx.name("ingress"),
        protocol="HTTP",
        load_balancing_scheme=SCHEME,
        health_checks=[check.id],
        security_policy=edge.armor_id,
        log_config={"enable": True, "sample_rate": 1},
        backend=found.dynamic(
            {
                "group": found.get_string("self_link"),
                "balancing_mode": "RATE",
                "max_rate_per_endpoint": MAX_RATE_PER_ENDPOINT,
            }
        ),
    )
    routes = ComputeUrlMap(scope, "ingress-map", name=ctx.name("ingress"), default_service=service.id)
    https = ComputeTargetHttpsProxy(
        scope,
        "ingress-https",
        name=ctx.name("ingress-https"),
        url_map=routes.id,
        ssl_certificates=[edge.certificate_id],
        ssl_policy=edge.tls_policy_id,
    )
    redirect = ComputeUrlMap(
        scope,
        "ingress-redirect",
        name=ctx.name("ingress-redirect"),
        default_url_redirect={
            "https_redirect": True,
            "strip_query": False,
            "redirect_response_code": "MOVED_PERMANENTLY_DEFAULT",
        },
    )
    http = ComputeTargetHttpProxy(scope, "ingress-http", name=ctx.name("ingress-http"), url_map=redirect.id)
    for kind, target, port in (("https", https.id, "443"), ("http", http.id, "80")):
        ComputeGlobalForwardingRule(
            scope,
            f"ingress-{kind}-rule",
            name=ctx.name(f"ingress-{kind}"),
            target=target,
            port_range=port,
            ip_address=edge.address_id,
            ip_protocol="TCP",
            load_balancing_scheme=SCHEME,
            labels=ctx.labels,
        )
