"""Public entry through the Istio ingress gateway: TLS 1.3 certificate, Gateway, and the API's route."""

from __future__ import annotations

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

NETWORKING = "networking.istio.io/v1"
#: The API's route: a request gets 10 s in all, and two retries of 4 s each on connection failures and 5xx.
API_TIMEOUT = "10s"
API_RETRIES = {"attempts": 2, "perTryTimeout": "4s", "retryOn": "connect-failure,refused-stream,reset,5xx"}


class AcmeIssuer(Construct):
    """ClusterIssuer ``name``: ACME (Let's Encrypt) with HTTP-01 answered through the Istio ingress."""

    def __init__(self, scope: Construct, id: str, *, name: str, labels: AppLabels, email: str, server: str) -> None:
        super().__init__(scope, id)
        if "@" not in email:
            raise PropError(f"AcmeIssuer '{name}'", "email", email, "must be an e-mail address")
        custom_resource(
            self,
            "Resource",
            api_version="cert-manager.io/v1",
            kind="ClusterIssuer",
            name=name,
            labels=labels,
            spec={
                "acme": {
                    "email": email,
                    "server": server,
                    "privateKeySecretRef": {"name": f"{name}-account-key"},
                    "solvers": [{"http01": {"ingress": {"ingressClassName": "istio"}}}],
                }
            },
        )


class ApiGateway(Construct):
    """In the gateway namespace: Certificate ``<name>-tls`` for ``host`` (ECDSA, key rotated on renewal) and
    Gateway ``name`` serving ``host`` with TLS 1.3 only on 443, and as plain HTTP on 80.

    Port 80 is where the cloud's public load balancer delivers: it ends the client's TLS itself (WAF rules need
    the plain request), redirects plain-HTTP clients to HTTPS itself, and sends the rest inside the VPC as HTTP
    (``fleetform.clouds.ingress``). Port 80 therefore does not redirect: a redirect there would send every
    request back to the load balancer in a loop, and would turn away ACME's HTTP-01 challenges, which reach the
    gateway the same way."""

    def __init__(
        self, scope: Construct, id: str, *, name: str, namespace: str, labels: AppLabels, host: str, issuer: str
    ) -> None:
        super().__init__(scope, id)
        if "." not in host or host != host.lower():
            raise PropError(f"ApiGateway '{name}'", "host", host, "must be a lowercase DNS name")
        secret = f"{name}-tls"
        custom_resource(
            self,
            "Certificate",
            api_version="cert-manager.io/v1",
            kind="Certificate",
            name=secret,
            namespace=namespace,
            labels=labels,
            spec={
                "secretName": secret,
                "dnsNames": [host],
                "issuerRef": {"kind": "ClusterIssuer", "name": issuer},
                "privateKey": {"algorithm": "ECDSA", "size": 256, "rotationPolicy": "Always"},
            },
        )
        custom_resource(
            self,
            "Gateway",
            api_version=NETWORKING,
            kind="Gateway",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "selector": {"istio": "ingressgateway"},
                "servers": [
                    {
                        "port": {"number": 443, "name": "https", "protocol": "HTTPS"},
                        "hosts": [host],
                        "tls": {"mode": "SIMPLE", "credentialName": secret, "minProtocolVersion": "TLSV1_3"},
                    },
                    {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": [host]},
                ],
            },
        )


class ApiRoute(Construct):
    """VirtualService sending ``host`` from ``gateway`` to Service ``service``, with :data:`API_TIMEOUT` and
    :data:`API_RETRIES`; DestinationRule ejecting failing worker pods. ``virtual_service=False`` when Flagger
    owns the API's VirtualService (its Canary carries the same route:
    :mod:`fleetform.k8s.constructs.progressive_delivery`)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str,
        labels: AppLabels,
        host: str,
        gateway: str,
        service: str,
        port: int,
        worker: str,
        virtual_service: bool = True,
    ) -> None:
        super().__init__(scope, id)
        if "/" not in gateway:
            raise PropError(f"ApiRoute '{service}'", "gateway", gateway, "must be '<namespace>/<name>'")
        if virtual_service:
            self._virtual_service(namespace, labels, host, gateway, service, port)
        custom_resource(
            self,
            "DestinationRule",
            api_version=NETWORKING,
            kind="DestinationRule",
            name=worker,
            namespace=namespace,
            labels=labels,
            spec={
                "host": f"{worker}.{namespace}.svc.cluster.local",
                "trafficPolicy": {
                    "connectionPool": {"http": {"http2MaxRequests": 1000, "maxRequestsPerConnection": 100}},
                    "outlierDetection": {
                        "consecutive5xxErrors": 5,
                        "interval": "10s",
                        "baseEjectionTime": "30s",
                        "maxEjectionPercent": 50,
                    },
                },
            },
        )

    def _virtual_service(
        self, namespace: str, labels: AppLabels, host: str, gateway: str, service: str, port: int
    ) -> None:
        custom_resource(
            self,
            "VirtualService",
            api_version=NETWORKING,
            kind="VirtualService",
            name=service,
            namespace=namespace,
            labels=labels,
            spec={
                "hosts": [host],
                "gateways": [gateway],
                "http": [
                    {
                        "route": [
                            {
                                "destination": {
                                    "host": f"{service}.{namespace}.svc.cluster.local",
                                    "port": {"number": port},
                                }
                            }
                        ],
                        "timeout": API_TIMEOUT,
                        "retries": dict(API_RETRIES),
                    }
                ],
            },
        )
