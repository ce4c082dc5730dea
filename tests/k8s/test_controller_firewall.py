"""The NetworkPolicies of controller namespaces: the default deny, the shared allows, each optional flow, and
located errors for bad props."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform.errors import PropError
from fleetform.k8s.constructs.controller_network_policies import ControllerFirewall, Flows, PodPeer, Scrape
from tests.k8s.snapshot import LABELS, assert_snapshot, synth


def _firewall(namespace: str = "istio-ingress", **flows: Any) -> list[dict[str, Any]]:
    return synth(
        lambda c: ControllerFirewall(
            c,
            "fw",
            namespace=namespace,
            labels=LABELS,
            api_server_cidrs=["10.10.0.0/16"],
            monitoring_namespace="monitoring",
            flows=Flows(**flows),
        )
    )


def _names(objs: list[dict[str, Any]]) -> list[str]:
    return [o["metadata"]["name"] for o in objs]


def test_the_minimum_is_deny_plus_dns_api_server_namespace_and_monitoring() -> None:
    objs = _firewall("velero")
    assert _names(objs) == ["default-deny", "allow-dns", "allow-api-server", "allow-same-namespace", "allow-monitoring"]
    assert objs[0]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    assert objs[2]["spec"]["egress"] == [
        {
            "ports": [{"port": 443, "protocol": "TCP"}, {"port": 6443, "protocol": "TCP"}],
            "to": [{"ipBlock": {"cidr": "10.10.0.0/16"}}],
        }
    ]
    assert objs[4]["spec"] == {
        "ingress": [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}]}],
        "podSelector": {},
        "policyTypes": ["Ingress"],
    }


def test_every_flow_of_the_ingress_gateway_namespace() -> None:
    objs = _firewall(
        public_ports=(443, 80, 15021),
        egress_to=(PodPeer("istio-system", (15012,), (("app", "istiod"),)), PodPeer("ml-production", (8080,))),
    )
    assert_snapshot("controller_firewall_gateway", objs)
    assert _names(objs)[4:] == ["allow-monitoring", "allow-public", "allow-to-istio-system", "allow-to-ml-production"]
    public = objs[5]["spec"]["ingress"]
    assert public == [{"ports": [{"port": p, "protocol": "TCP"} for p in (80, 443, 15021)]}]  # from anywhere


def test_monitoring_scrapes_pods_and_nodes_and_is_not_its_own_monitor() -> None:
    objs = _firewall("monitoring", webhook_ports=(10250,), internet_ports=(443,), scrape=Scrape())
    assert "allow-monitoring" not in _names(objs)
    assert _names(objs)[4:] == ["allow-webhooks", "allow-internet", "allow-scrape"]
    assert objs[-1]["spec"]["egress"] == [
        {"to": [{"namespaceSelector": {}}]},
        # Nodes by port, not by ipBlock: Cilium gives node addresses an identity CIDR rules do not match.
        {"ports": [{"port": p, "protocol": "TCP"} for p in (9100, 10249, 10250)]},
    ]


def test_workload_identity_reaches_the_node_local_token_endpoints() -> None:
    objs = _firewall("velero", identity_endpoints=(("169.254.169.254/32", 80), ("169.254.169.252/32", 988)))
    identity = next(o for o in objs if o["metadata"]["name"] == "allow-workload-identity")
    assert identity["spec"]["egress"] == [
        {"ports": [{"port": 80, "protocol": "TCP"}], "to": [{"ipBlock": {"cidr": "169.254.169.254/32"}}]},
        {"ports": [{"port": 988, "protocol": "TCP"}], "to": [{"ipBlock": {"cidr": "169.254.169.252/32"}}]},
    ]
    assert "allow-workload-identity" not in _names(_firewall("velero"))


def test_mesh_clients_come_from_every_namespace() -> None:
    objs = _firewall("istio-system", webhook_ports=(15017,), mesh_ports=(15012,))
    mesh = next(o for o in objs if o["metadata"]["name"] == "allow-mesh-clients")
    assert mesh["spec"]["ingress"] == [
        {"from": [{"namespaceSelector": {}}], "ports": [{"port": 15012, "protocol": "TCP"}]}
    ]


def test_the_tracing_namespace_admits_spans_to_the_collector_and_lets_jaeger_out_only() -> None:
    collector = (("app.kubernetes.io/name", "opentelemetry-collector"), ("app.kubernetes.io/instance", "otel"))
    jaeger = (("app.kubernetes.io/name", "jaeger"),)
    objs = _firewall(
        "tracing", mesh_ports=(4318, 4317), mesh_pods=collector, internet_ports=(9200,), internet_pods=jaeger
    )
    assert _names(objs)[4:] == ["allow-monitoring", "allow-mesh-clients", "allow-internet"]
    mesh, internet = objs[5]["spec"], objs[6]["spec"]
    assert mesh == {
        "ingress": [
            {
                "from": [{"namespaceSelector": {}}],
                "ports": [{"port": 4317, "protocol": "TCP"}, {"port": 4318, "protocol": "TCP"}],
            }
        ],
        "podSelector": {"matchLabels": dict(collector)},
        "policyTypes": ["Ingress"],
    }
    assert internet == {
        "egress": [{"ports": [{"port": 9200, "protocol": "TCP"}], "to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}],
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "jaeger"}},
        "policyTypes": ["Egress"],
    }


@pytest.mark.parametrize(
    ("flows", "message"),
    [
        (
            {"webhook_ports": (0,)},
            "ControllerFirewall 'istio-ingress': 'webhook_ports' ([0]) must list ports 1..65535",
        ),
        (
            {"egress_to": (PodPeer("istio-system", ()),)},
            "ControllerFirewall 'istio-ingress': 'egress_to[istio-system].ports' ([]) must list ports 1..65535",
        ),
        (
            {"identity_endpoints": (("169.254.169.254/32", 0),)},
            "ControllerFirewall 'istio-ingress': 'identity_endpoints' ([0]) must list ports 1..65535",
        ),
    ],
)
def test_bad_props_are_located(flows: dict[str, Any], message: str) -> None:
    with pytest.raises(PropError) as info:
        _firewall(**flows)
    assert info.value.message == message
