"""Micro-segmentation of a controller namespace (Istio, cert-manager, monitoring, Velero): deny everything,
then allow what the Helm chart's pods need. Rules select every pod of the namespace (the charts label their
pods differently from version to version) unless a flow names the pods it is for; the flows are narrowed by
peer and port."""

from __future__ import annotations

from dataclasses import dataclass

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.constructs.network_policies import (
    check_cidrs,
    cidr_peers,
    dns_egress,
    identity_egress,
    net_ports,
    network_policy,
    ns_selector,
)
from fleetform.k8s.labels import AppLabels

ANYWHERE = "0.0.0.0/0"
ALL_PODS = k8s.LabelSelector()
#: Pods of every namespace.
EVERYONE = k8s.NetworkPolicyPeer(namespace_selector=k8s.LabelSelector())


@dataclass(frozen=True)
class PodPeer:
    """Pods of ``namespace`` (those labelled ``pod_labels``; none: all) on ``ports``."""

    namespace: str
    ports: tuple[int, ...]
    pod_labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Scrape:
    """Prometheus's reach: every pod of every namespace (any port), and the nodes on ``node_ports`` (kubelet
    and cAdvisor 10250, node exporter 9100 on the host network, kube-proxy 10249), wherever they are: Cilium
    (AKS, GKE Dataplane V2) gives node addresses an identity that ``ipBlock`` rules do not match, so the node
    rule names ports only."""

    node_ports: tuple[int, ...] = (9100, 10249, 10250)


@dataclass(frozen=True)
class Flows:
    """What one chart's pods need beyond the allows every controller namespace gets (:class:`ControllerFirewall`
    lists the policy each field becomes)."""

    webhook_ports: tuple[int, ...] = ()
    public_ports: tuple[int, ...] = ()
    mesh_ports: tuple[int, ...] = ()
    egress_to: tuple[PodPeer, ...] = ()
    ingress_from: tuple[PodPeer, ...] = ()
    internet_ports: tuple[int, ...] = ()
    identity_endpoints: tuple[tuple[str, int], ...] = ()
    scrape: Scrape | None = None
    #: The pods ``mesh_ports`` and ``internet_ports`` apply to (label pairs; none: every pod of the namespace).
    mesh_pods: tuple[tuple[str, str], ...] = ()
    internet_pods: tuple[tuple[str, str], ...] = ()


class ControllerFirewall(Construct):
    """NetworkPolicies of the controller namespace ``namespace`` (the ``*_ports``, ``egress_to``,
    ``identity_endpoints`` and ``scrape`` below are the fields of ``flows``):

    - ``default-deny``: no ingress, no egress for any pod;
    - ``allow-dns``: cluster DNS; ``allow-api-server``: the Kubernetes API (``api_server_cidrs``, 443/6443),
      which every controller watches;
    - ``allow-same-namespace``: the namespace's pods reach each other (Grafana and Prometheus, the gateway
      and cert-manager's HTTP-01 solver);
    - ``allow-monitoring`` (not in ``monitoring_namespace`` itself): Prometheus scrapes the pods;
    - ``allow-webhooks``: ``webhook_ports`` from anywhere: the API server calls admission webhooks from
      control-plane addresses no selector can name;
    - ``allow-public``: ``public_ports`` from anywhere (the ingress gateway's load balancer clients);
    - ``allow-mesh-clients``: ``mesh_ports`` from pods of every namespace (sidecars reach istiod, spans reach
      the tracing collector), to the ``mesh_pods`` only when given;
    - ``allow-to-<namespace>``: the ``egress_to`` pod peers (the gateway to istiod and to the API);
    - ``allow-from-<namespace>``: the ``ingress_from`` peers, to this namespace's pods on the peer's ports
      (Flagger to Prometheus);
    - ``allow-internet``: ``internet_ports`` to anywhere (ACME, alert receivers, object storage, Elasticsearch),
      from the ``internet_pods`` only when given;
    - ``allow-workload-identity``: the node-local token endpoints of the cloud (``identity_endpoints``);
    - ``allow-scrape``: Prometheus's reach (:class:`Scrape`).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        namespace: str,
        labels: AppLabels,
        api_server_cidrs: list[str],
        monitoring_namespace: str,
        flows: Flows = Flows(),
    ) -> None:
        super().__init__(scope, id)
        check_cidrs(f"ControllerFirewall '{namespace}'", "api_server_cidrs", api_server_cidrs)
        for prop, ports in (
            ("webhook_ports", flows.webhook_ports),
            ("public_ports", flows.public_ports),
            ("mesh_ports", flows.mesh_ports),
            ("internet_ports", flows.internet_ports),
            ("identity_endpoints", tuple(port for _, port in flows.identity_endpoints)),
            *((f"egress_to[{peer.namespace}].ports", peer.ports) for peer in flows.egress_to),
            *((f"ingress_from[{peer.namespace}].ports", peer.ports) for peer in flows.ingress_from),
        ):
            bad = [p for p in ports if not 1 <= p <= 65535]
            if bad or (prop.startswith(("egress_to", "ingress_from")) and not ports):
                raise PropError(f"ControllerFirewall '{namespace}'", prop, list(ports), "must list ports 1..65535")
        self.namespace, self.labels = namespace, labels
        self._policy("default-deny", ingress=[], egress=[])
        self._policy("allow-dns", egress=[dns_egress()])
        self._policy(
            "allow-api-server",
            egress=[k8s.NetworkPolicyEgressRule(to=cidr_peers(api_server_cidrs), ports=net_ports((443, 6443)))],
        )
        same = [k8s.NetworkPolicyPeer(pod_selector=ALL_PODS)]
        self._policy(
            "allow-same-namespace",
            ingress=[k8s.NetworkPolicyIngressRule(from_=same)],
            egress=[k8s.NetworkPolicyEgressRule(to=same)],
        )
        if namespace != monitoring_namespace:
            monitoring = [k8s.NetworkPolicyPeer(namespace_selector=ns_selector(monitoring_namespace))]
            self._policy("allow-monitoring", ingress=[k8s.NetworkPolicyIngressRule(from_=monitoring)])
        if flows.webhook_ports:
            self._policy("allow-webhooks", ingress=[k8s.NetworkPolicyIngressRule(ports=net_ports(flows.webhook_ports))])
        if flows.public_ports:
            self._policy("allow-public", ingress=[k8s.NetworkPolicyIngressRule(ports=net_ports(flows.public_ports))])
        if flows.mesh_ports:
            self._policy(
                "allow-mesh-clients",
                ingress=[k8s.NetworkPolicyIngressRule(from_=[EVERYONE], ports=net_ports(flows.mesh_ports))],
                pods=flows.mesh_pods,
            )
        for peer in flows.egress_to:
            pods = k8s.LabelSelector(match_labels=dict(peer.pod_labels)) if peer.pod_labels else None
            target = k8s.NetworkPolicyPeer(namespace_selector=ns_selector(peer.namespace), pod_selector=pods)
            self._policy(
                f"allow-to-{peer.namespace}",
                egress=[k8s.NetworkPolicyEgressRule(to=[target], ports=net_ports(peer.ports))],
            )
        for peer in flows.ingress_from:
            pods = k8s.LabelSelector(match_labels=dict(peer.pod_labels)) if peer.pod_labels else None
            source = k8s.NetworkPolicyPeer(namespace_selector=ns_selector(peer.namespace), pod_selector=pods)
            self._policy(
                f"allow-from-{peer.namespace}",
                ingress=[k8s.NetworkPolicyIngressRule(from_=[source], ports=net_ports(peer.ports))],
            )
        if flows.internet_ports:
            self._policy(
                "allow-internet",
                egress=[k8s.NetworkPolicyEgressRule(to=cidr_peers([ANYWHERE]), ports=net_ports(flows.internet_ports))],
                pods=flows.internet_pods,
            )
        if flows.identity_endpoints:
            self._policy("allow-workload-identity", egress=identity_egress(flows.identity_endpoints))
        if flows.scrape is not None:
            self._policy(
                "allow-scrape",
                egress=[
                    k8s.NetworkPolicyEgressRule(to=[EVERYONE]),
                    k8s.NetworkPolicyEgressRule(ports=net_ports(flows.scrape.node_ports)),
                ],
            )

    def _policy(
        self,
        name: str,
        *,
        ingress: list[k8s.NetworkPolicyIngressRule] | None = None,
        egress: list[k8s.NetworkPolicyEgressRule] | None = None,
        pods: tuple[tuple[str, str], ...] = (),
    ) -> None:
        selector = k8s.LabelSelector(match_labels=dict(pods)) if pods else ALL_PODS
        network_policy(self, name, self.namespace, self.labels, selector, ingress=ingress, egress=egress)
