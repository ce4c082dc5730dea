"""ProgressiveDelivery (Flagger's Canary and MetricTemplates) and the firewall's ``ingress_from``: defaults
snapshots, each strategy's analysis, props refused with the prop's name."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import cdk8s
import pytest

from fleetform.errors import PropError
from fleetform.k8s.constructs.controller_network_policies import ControllerFirewall, Flows, PodPeer
from fleetform.k8s.constructs.ingress import API_RETRIES, API_TIMEOUT
from fleetform.k8s.constructs.progressive_delivery import Gate, ProgressiveDelivery, Route
from fleetform.k8s.names import PROMETHEUS_URL
from fleetform.settings.delivery import Delivery
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

ROUTE = Route(
    ("api.production.aws.ml.acme.example",), ("istio-ingress/api-gateway",), 80, "http", API_TIMEOUT, API_RETRIES
)


def _build(delivery: Delivery = Delivery(), route: Route = ROUTE, prometheus: str = PROMETHEUS_URL) -> Any:
    def build(chart: cdk8s.Chart) -> None:
        ProgressiveDelivery(
            chart,
            "delivery",
            name="api",
            namespace="ml-production",
            labels=LABELS,
            delivery=delivery,
            gate=Gate(0.01, 0.5),
            route=route,
            prometheus=prometheus,
            service_labels=LABELS.all,
        )

    return build


def test_blue_green_defaults() -> None:
    assert_snapshot("progressive_delivery_blue_green", synth(_build()))


def test_canary_steps_the_weight() -> None:
    (canary,) = [
        o for o in synth(_build(Delivery(strategy="canary", step_weight=20, max_weight=60))) if o["kind"] == "Canary"
    ]
    analysis = canary["spec"]["analysis"]
    assert {k: v for k, v in analysis.items() if k != "metrics"} == {
        "interval": "1m",
        "threshold": 5,
        "stepWeight": 20,
        "maxWeight": 60,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"delivery": Delivery(strategy="rolling")},
            "ProgressiveDelivery 'api': 'delivery.strategy' ('rolling') must be 'canary' or 'blue-green'",
        ),
        (
            {"prometheus": "prometheus:9090"},
            "ProgressiveDelivery 'api': 'prometheus' ('prometheus:9090') must be an http(s) URL",
        ),
        (
            {"route": replace(ROUTE, hosts=())},
            f"ProgressiveDelivery 'api': 'route' ({replace(ROUTE, hosts=())!r}) must name hosts and gateways",
        ),
    ],
)
def test_bad_props_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(PropError) as err:
        synth(_build(**kwargs))
    assert str(err.value) == message


def test_a_controller_namespace_admits_a_peer_namespace_on_its_ports() -> None:
    def build(chart: cdk8s.Chart) -> None:
        ControllerFirewall(
            chart,
            "fw",
            namespace="monitoring",
            labels=LABELS,
            api_server_cidrs=["10.0.0.0/16"],
            monitoring_namespace="monitoring",
            flows=Flows(ingress_from=(PodPeer("flagger-system", (9090,)),)),
        )

    (policy,) = [o for o in synth(build) if o["metadata"]["name"] == "allow-from-flagger-system"]
    assert policy["spec"] == {
        "podSelector": {},
        "policyTypes": ["Ingress"],
        "ingress": [
            {
                "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "flagger-system"}}}],
                "ports": [{"port": 9090, "protocol": "TCP"}],
            }
        ],
    }


def test_a_peer_without_ports_is_refused() -> None:
    with pytest.raises(PropError) as err:
        synth(
            lambda chart: ControllerFirewall(
                chart,
                "fw",
                namespace="monitoring",
                labels=LABELS,
                api_server_cidrs=["10.0.0.0/16"],
                monitoring_namespace="monitoring",
                flows=Flows(ingress_from=(PodPeer("flagger-system", ()),)),
            )
        )
    assert (
        str(err.value)
        == "ControllerFirewall 'monitoring': 'ingress_from[flagger-system].ports' ([]) must list ports 1..65535"
    )


def test_flaggers_values_fit_the_pinned_chart_and_a_typo_does_not() -> None:
    from fleetform.charts import values_problems
    from fleetform.k8s import flagger

    assert values_problems("flagger", "1.44.0", flagger.values("1.44.0")) == []
    typo = {**flagger.values("1.44.0"), "selectorLabel": "app"}
    assert values_problems("flagger", "1.44.0", typo) == [
        (
            "selectorLabel",
            "unknown key: chart flagger 1.44.0 reads no such value; expected a key of its values.yaml such as "
            "'selectorLabels'",
        )
    ]
