"""Istio: STRICT mutual TLS and who may call whom inside the mesh."""

from __future__ import annotations

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

SECURITY = "security.istio.io/v1"
NAME_LABEL = "app.kubernetes.io/name"


class StrictMtls(Construct):
    """PeerAuthentication ``default`` in ``namespace``: only mutual TLS is accepted. In the root namespace
    (``istio-system``) it applies to the whole mesh. ``plaintext_ports`` of the ``workload`` stay
    PERMISSIVE: the metrics port Prometheus scrapes from outside the mesh."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str,
        labels: AppLabels,
        workload: str | None = None,
        plaintext_ports: list[int] | None = None,
    ) -> None:
        super().__init__(scope, id)
        if plaintext_ports and workload is None:
            raise PropError(
                f"StrictMtls '{namespace}'",
                "plaintext_ports",
                plaintext_ports,
                "need a 'workload': never open plaintext ports namespace-wide",
            )
        spec: dict[str, object] = {"mtls": {"mode": "STRICT"}}
        if workload is not None:
            spec = {
                "selector": {"matchLabels": {NAME_LABEL: workload}},
                **spec,
                "portLevelMtls": {str(p): {"mode": "PERMISSIVE"} for p in sorted(plaintext_ports or [])},
            }
        custom_resource(
            self,
            "Resource",
            api_version=SECURITY,
            kind="PeerAuthentication",
            name=workload or "default",
            namespace=namespace,
            labels=labels,
            spec=spec,
        )


class MeshAccess(Construct):
    """AuthorizationPolicies of ``namespace``: deny by default (an empty ALLOW policy), then the API
    accepts requests from the ingress gateway's namespace and the worker from the API's identity; both
    accept scrapes on ``metrics_port`` (kept plaintext for Prometheus; the NetworkPolicies admit only the
    monitoring namespace there)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str,
        labels: AppLabels,
        api: str,
        worker: str,
        ingress_namespace: str,
        api_identity: str,
        metrics_port: int,
    ) -> None:
        super().__init__(scope, id)
        if not api_identity.startswith("cluster.local/ns/"):
            raise PropError(
                f"MeshAccess '{namespace}'",
                "api_identity",
                api_identity,
                "must be a SPIFFE principal 'cluster.local/ns/<ns>/sa/<sa>'",
            )
        self.namespace, self.labels = namespace, labels
        metrics = {"to": [{"operation": {"ports": [str(metrics_port)]}}]}
        self._policy("deny-by-default", {})
        self._policy(
            f"{api}-from-gateway",
            {
                "selector": _select(api),
                "action": "ALLOW",
                "rules": [{"from": [{"source": {"namespaces": [ingress_namespace]}}]}, metrics],
            },
        )
        self._policy(
            f"{worker}-from-{api}",
            {
                "selector": _select(worker),
                "action": "ALLOW",
                "rules": [{"from": [{"source": {"principals": [api_identity]}}]}, metrics],
            },
        )

    def _policy(self, name: str, spec: dict[str, object]) -> None:
        custom_resource(
            self,
            name,
            api_version=SECURITY,
            kind="AuthorizationPolicy",
            name=name,
            namespace=self.namespace,
            labels=self.labels,
            spec=spec,
        )


def _select(name: str) -> dict[str, object]:
    return {"matchLabels": {NAME_LABEL: name}}
