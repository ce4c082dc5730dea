"""Flagger's objects: the Canary that takes over a Deployment's rollouts, and the MetricTemplates that gate
them on the platform's own alert thresholds.

With Istio, Flagger (fluxcd/flagger 1.44 ``pkg/canary/deployment_controller.go``, ``pkg/router/``) copies the
target Deployment ``<name>`` to ``<name>-primary``, which serves; the target itself runs only the release under
analysis and is scaled to zero in between. It makes the ClusterIP Services ``<name>`` (apex, the primary's
pods), ``<name>-primary`` and ``<name>-canary``, the VirtualService ``<name>`` (routes and weights) with the
``service`` block's gateways, hosts, timeout and retries, the DestinationRules ``<name>-primary`` and
``<name>-canary``, and ``<name>-primary``'s HorizontalPodAutoscaler from ``autoscalerRef``. Those objects are
therefore never in ``dist/``: two owners would undo each other's changes at every reconcile.

Flagger tells the primary's pods apart by one selector label (its ``-selector-labels`` flag, the chart's
``selectorLabels`` value): the primary's pods carry ``<value>-primary`` there, every other label as the target's.
fleetform sets it to ``app.kubernetes.io/instance`` (:data:`SELECTOR_LABEL`), so ``app.kubernetes.io/name``
stays ``api`` on both and every NetworkPolicy and Istio policy selecting the API by name keeps covering the
primary and the canary alike.

The metrics query the pods of the target Deployment only (``<target>-<replicaset>-<pod>``; the primary's
pods are ``<target>-primary-...``, which the pattern cannot match), with the same series and thresholds as
the ``MLHighErrorRate`` and ``MLHighLatency`` alerts (:mod:`fleetform.k8s.constructs.monitoring`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels
from fleetform.settings.delivery import Delivery

FLAGGER = "flagger.app/v1beta1"
#: The pod label Flagger's ``-selector-labels`` names (see the module docstring).
SELECTOR_LABEL = "app.kubernetes.io/instance"
#: The pods of the Deployment under analysis, never the primary's (Flagger's documented pattern).
CANARY_PODS = "{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
ERROR_RATIO = "error-ratio"
P95_LATENCY = "p95-latency"


def error_ratio_query() -> str:
    """Share of the canary's requests answered 5xx over the analysis window (``MLHighErrorRate``'s ratio)."""
    pods = f'namespace="{{{{ namespace }}}}",pod=~"{CANARY_PODS}"'
    return (
        f'sum(rate(http_requests_total{{{pods},code=~"5.."}}[{{{{ interval }}}}]))\n'
        f"  / sum(rate(http_requests_total{{{pods}}}[{{{{ interval }}}}]))"
    )


def p95_latency_query() -> str:
    """The canary's 95th percentile request duration in seconds (``MLHighLatency``'s quantile)."""
    pods = f'namespace="{{{{ namespace }}}}",pod=~"{CANARY_PODS}"'
    return (
        "histogram_quantile(0.95,\n"
        f"  sum by (le) (rate(http_request_duration_seconds_bucket{{{pods}}}[{{{{ interval }}}}])))"
    )


@dataclass(frozen=True)
class Gate:
    """The thresholds a release must stay under: ``error_ratio`` (0..1) and ``p95_latency_seconds``."""

    error_ratio: float
    p95_latency_seconds: float


@dataclass(frozen=True)
class Route:
    """What the hand-written VirtualService held: public ``hosts`` through ``gateways``, the Service ``port``
    (to the pods' port named ``target_port``), ``timeout`` and ``retries``."""

    hosts: tuple[str, ...]
    gateways: tuple[str, ...]
    port: int
    target_port: str
    timeout: str
    retries: Mapping[str, Any]


class ProgressiveDelivery(Construct):
    """MetricTemplates ``<name>-error-ratio`` and ``<name>-p95-latency`` (Prometheus at ``prometheus``) and
    Canary ``name`` over Deployment ``name`` and its HPA, by ``delivery``'s strategy (``canary`` or
    ``blue-green``; blue-green mirrors the live traffic to the new version, which Istio needs). The Services
    Flagger makes carry ``service_labels`` (minus :data:`SELECTOR_LABEL`, which Flagger sets to the Service's
    name) on the primary and canary Services, so a ServiceMonitor can find them; the apex gets none (it
    selects the primary's pods: scraping it too would count them twice)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        delivery: Delivery,
        gate: Gate,
        route: Route,
        prometheus: str,
        service_labels: Mapping[str, str],
    ) -> None:
        super().__init__(scope, id)
        where = f"ProgressiveDelivery '{name}'"
        if not delivery.progressive:
            raise PropError(where, "delivery.strategy", delivery.strategy, "must be 'canary' or 'blue-green'")
        if not prometheus.startswith(("http://", "https://")):
            raise PropError(where, "prometheus", prometheus, "must be an http(s) URL")
        if not route.hosts or not route.gateways:
            raise PropError(where, "route", route, "must name hosts and gateways")
        metrics = []
        for metric, query, ceiling in (
            (ERROR_RATIO, error_ratio_query(), gate.error_ratio),
            (P95_LATENCY, p95_latency_query(), gate.p95_latency_seconds),
        ):
            template = f"{name}-{metric}"
            custom_resource(
                self,
                metric,
                api_version=FLAGGER,
                kind="MetricTemplate",
                name=template,
                namespace=namespace,
                labels=labels,
                spec={"provider": {"type": "prometheus", "address": prometheus}, "query": query},
            )
            metrics.append(
                {
                    "name": metric,
                    "templateRef": {"name": template, "namespace": namespace},
                    "thresholdRange": {"max": ceiling},
                    "interval": delivery.interval,
                }
            )
        own = {k: v for k, v in sorted(service_labels.items()) if k != SELECTOR_LABEL}
        custom_resource(
            self,
            "Canary",
            api_version=FLAGGER,
            kind="Canary",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                "autoscalerRef": {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "name": name},
                "progressDeadlineSeconds": 600,
                "service": {
                    "port": route.port,
                    "targetPort": route.target_port,
                    "portName": "http",
                    "portDiscovery": True,
                    "hosts": list(route.hosts),
                    "gateways": list(route.gateways),
                    "timeout": route.timeout,
                    "retries": dict(route.retries),
                    "primary": {"labels": own},
                    "canary": {"labels": own},
                },
                "analysis": {**_steps(delivery), "metrics": metrics},
            },
        )


def _steps(delivery: Delivery) -> dict[str, Any]:
    """The analysis schedule: weights for a canary; mirrored iterations for blue-green."""
    common = {"interval": delivery.interval, "threshold": delivery.threshold}
    if delivery.strategy == "canary":
        return {**common, "stepWeight": delivery.step_weight, "maxWeight": delivery.max_weight}
    return {**common, "iterations": delivery.iterations, "mirror": True}
