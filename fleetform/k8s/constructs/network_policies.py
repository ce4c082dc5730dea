"""Micro-segmentation of the platform namespace: deny everything, then allow the flows the platform needs."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels

NAME_LABEL = "app.kubernetes.io/name"
NS_NAME_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True)
class DataServices:
    """Where the managed PostgreSQL, Redis and Kafka live (the VPC) and on which ports."""

    cidr: str
    database_port: int
    cache_port: int
    broker_port: int


@dataclass(frozen=True)
class TracingPeer:
    """The tracing collector's pods (``pod_labels`` in ``namespace``) and its OTLP ``ports``."""

    namespace: str
    pod_labels: tuple[tuple[str, str], ...]
    ports: tuple[int, ...]


class NamespaceFirewall(Construct):
    """NetworkPolicies of ``namespace``:

    - ``default-deny``: no ingress, no egress for any pod;
    - ``allow-dns``: every pod may query cluster DNS (kube-system ``k8s-app=kube-dns``, port 53);
    - ``allow-api-ingress``: the ingress gateway namespace (and, without the mesh, the VPC ranges of the
      internal load balancer, ``load_balancer_cidrs``) reach the API's port;
    - ``allow-metrics``: the monitoring namespace scrapes the API's and workers' metrics port;
    - ``allow-mesh-control-plane`` (with the mesh): sidecars reach istiod (``15012``: config and certificates);
    - ``allow-api-to-worker`` / ``allow-worker-from-api``: the API calls the model workers;
    - ``allow-data-services``: API, workers and retraining reach the database, cache and broker ports
      inside the VPC;
    - ``allow-object-storage``: workers and retraining reach object storage over HTTPS;
    - ``allow-api-server``: named pods (the off-hours scaler) reach the Kubernetes API server;
    - ``allow-workload-identity`` (where the cloud has node-local token endpoints, ``identity_endpoints``):
      the object storage clients fetch their cloud identity's tokens;
    - ``allow-tracing`` (with ``tracing``): every pod (its SDK, its sidecar) sends spans to the collector.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str,
        labels: AppLabels,
        ingress_namespace: str,
        api: str,
        api_port: int,
        worker: str,
        worker_port: int,
        data: DataServices,
        data_clients: list[str],
        object_storage_cidrs: list[str],
        object_storage_clients: list[str],
        api_server_cidrs: list[str],
        api_server_clients: list[str],
        load_balancer_cidrs: list[str],
        metrics_port: int,
        monitoring_namespace: str,
        mesh_namespace: str | None,
        identity_endpoints: tuple[tuple[str, int], ...] = (),
        tracing: TracingPeer | None = None,
    ) -> None:
        super().__init__(scope, id)
        for prop, cidrs in (
            ("data.cidr", [data.cidr]),
            ("object_storage_cidrs", object_storage_cidrs),
            ("api_server_cidrs", api_server_cidrs),
        ):
            check_cidrs(f"NamespaceFirewall '{namespace}'", prop, cidrs)
        if load_balancer_cidrs:
            check_cidrs(f"NamespaceFirewall '{namespace}'", "load_balancer_cidrs", load_balancer_cidrs)
        self.namespace, self.labels = namespace, labels
        self._policy("default-deny", k8s.LabelSelector(), ingress=[], egress=[])
        self._policy("allow-dns", k8s.LabelSelector(), egress=[dns_egress()])
        self._policy(
            "allow-api-ingress",
            _pods(api),
            ingress=[
                k8s.NetworkPolicyIngressRule(
                    from_=[
                        k8s.NetworkPolicyPeer(namespace_selector=ns_selector(ingress_namespace)),
                        *cidr_peers(load_balancer_cidrs),
                    ],
                    ports=[net_port(api_port)],
                )
            ],
        )
        self._policy(
            "allow-metrics",
            _pods(api, worker),
            ingress=[
                k8s.NetworkPolicyIngressRule(
                    from_=[k8s.NetworkPolicyPeer(namespace_selector=ns_selector(monitoring_namespace))],
                    ports=[net_port(metrics_port)],
                )
            ],
        )
        if mesh_namespace is not None:
            self._policy(
                "allow-mesh-control-plane",
                k8s.LabelSelector(),
                egress=[
                    k8s.NetworkPolicyEgressRule(
                        to=[
                            k8s.NetworkPolicyPeer(
                                namespace_selector=ns_selector(mesh_namespace),
                                pod_selector=k8s.LabelSelector(match_labels={"app": "istiod"}),
                            )
                        ],
                        ports=[net_port(15012)],
                    )
                ],
            )
        self._policy(
            "allow-api-to-worker",
            _pods(api),
            egress=[
                k8s.NetworkPolicyEgressRule(
                    to=[k8s.NetworkPolicyPeer(pod_selector=_pods(worker))], ports=[net_port(worker_port)]
                )
            ],
        )
        self._policy(
            "allow-worker-from-api",
            _pods(worker),
            ingress=[
                k8s.NetworkPolicyIngressRule(
                    from_=[k8s.NetworkPolicyPeer(pod_selector=_pods(api))], ports=[net_port(worker_port)]
                )
            ],
        )
        self._egress(
            "allow-data-services", data_clients, [data.cidr], [data.database_port, data.cache_port, data.broker_port]
        )
        self._egress("allow-object-storage", object_storage_clients, object_storage_cidrs, [443])
        if api_server_clients:
            self._egress("allow-api-server", api_server_clients, api_server_cidrs, [443, 6443])
        if identity_endpoints and object_storage_clients:
            self._policy(
                "allow-workload-identity", _pods(*object_storage_clients), egress=identity_egress(identity_endpoints)
            )
        if tracing is not None:
            collector = k8s.NetworkPolicyPeer(
                namespace_selector=ns_selector(tracing.namespace),
                pod_selector=k8s.LabelSelector(match_labels=dict(tracing.pod_labels)),
            )
            self._policy(
                "allow-tracing",
                k8s.LabelSelector(),
                egress=[k8s.NetworkPolicyEgressRule(to=[collector], ports=net_ports(tracing.ports))],
            )

    def _egress(self, name: str, clients: list[str], cidrs: list[str], ports: list[int]) -> None:
        self._policy(
            name,
            _pods(*clients),
            egress=[k8s.NetworkPolicyEgressRule(to=cidr_peers(cidrs), ports=net_ports(ports))],
        )

    def _policy(
        self,
        name: str,
        selector: k8s.LabelSelector,
        *,
        ingress: list[k8s.NetworkPolicyIngressRule] | None = None,
        egress: list[k8s.NetworkPolicyEgressRule] | None = None,
    ) -> None:
        network_policy(self, name, self.namespace, self.labels, selector, ingress=ingress, egress=egress)


def network_policy(
    scope: Construct,
    name: str,
    namespace: str,
    labels: AppLabels,
    selector: k8s.LabelSelector,
    *,
    ingress: list[k8s.NetworkPolicyIngressRule] | None = None,
    egress: list[k8s.NetworkPolicyEgressRule] | None = None,
) -> None:
    """One NetworkPolicy; ``ingress``/``egress`` None: that direction is not governed, []: all denied."""
    types = [t for t, rules in (("Ingress", ingress), ("Egress", egress)) if rules is not None]
    k8s.KubeNetworkPolicy(
        scope,
        name,
        metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.all),
        spec=k8s.NetworkPolicySpec(
            pod_selector=selector, policy_types=types, ingress=ingress or None, egress=egress or None
        ),
    )


def dns_egress() -> k8s.NetworkPolicyEgressRule:
    """Cluster DNS: kube-system pods labelled ``k8s-app=kube-dns``, port 53 over UDP and TCP."""
    dns = k8s.NetworkPolicyPeer(
        namespace_selector=ns_selector("kube-system"),
        pod_selector=k8s.LabelSelector(match_labels={"k8s-app": "kube-dns"}),
    )
    return k8s.NetworkPolicyEgressRule(to=[dns], ports=[net_port(53, "UDP"), net_port(53, "TCP")])


def identity_egress(endpoints: tuple[tuple[str, int], ...]) -> list[k8s.NetworkPolicyEgressRule]:
    """One rule per node-local workload-identity endpoint (CIDR, port)."""
    return [k8s.NetworkPolicyEgressRule(to=cidr_peers([cidr]), ports=[net_port(port)]) for cidr, port in endpoints]


def cidr_peers(cidrs: list[str]) -> list[k8s.NetworkPolicyPeer]:
    return [k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=c)) for c in cidrs]


def _pods(*names: str) -> k8s.LabelSelector:
    if len(names) == 1:
        return k8s.LabelSelector(match_labels={NAME_LABEL: names[0]})
    return k8s.LabelSelector(
        match_expressions=[k8s.LabelSelectorRequirement(key=NAME_LABEL, operator="In", values=sorted(names))]
    )


def ns_selector(name: str) -> k8s.LabelSelector:
    return k8s.LabelSelector(match_labels={NS_NAME_LABEL: name})


def net_port(number: int, protocol: str = "TCP") -> k8s.NetworkPolicyPort:
    return k8s.NetworkPolicyPort(port=k8s.IntOrString.from_number(number), protocol=protocol)


def net_ports(numbers: Iterable[int]) -> list[k8s.NetworkPolicyPort]:
    """TCP ports, sorted, each once."""
    return [net_port(n) for n in sorted(set(numbers))]


def check_cidrs(owner: str, prop: str, cidrs: list[str]) -> None:
    """Raise :class:`PropError` (naming ``owner``) unless ``cidrs`` lists networks in CIDR notation."""
    if not cidrs:
        raise PropError(owner, prop, cidrs, "must list at least one CIDR")
    for cidr in cidrs:
        try:
            ipaddress.ip_network(cidr)
        except ValueError:
            raise PropError(
                owner,
                prop,
                cidr,
                "must be a network in CIDR notation such as '10.0.0.0/16'",
            ) from None
