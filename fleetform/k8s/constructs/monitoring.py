"""Prometheus operator objects: scrape targets and the platform's alerting rules."""

from __future__ import annotations

from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels
from fleetform.settings.services import Alerts

MONITORING = "monitoring.coreos.com/v1"
#: The Istio sidecar: its own small limits, never the application's saturation.
SIDECAR = "istio-proxy"
#: Usage and limits are compared per container, so a container pegged at its limit reads 100 % whatever the
#: rest of the pod (the sidecar, other containers) does.
PER_CONTAINER = "namespace, pod, container"


class ServiceMetrics(Construct):
    """ServiceMonitor ``name``: scrape the ``metrics`` port of the Services matching ``selector`` (default
    ``labels.selector``) every 30 s. ``service`` set: the series' ``service`` label reads ``service`` for the
    Services ``<service>-primary`` and ``<service>-canary`` Flagger makes, so alerts and dashboards written for
    ``service="<service>"`` keep working whichever Deployment serves."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        selector: dict[str, str] | None = None,
        service: str | None = None,
    ) -> None:
        super().__init__(scope, id)
        endpoint: dict[str, Any] = {"port": "metrics", "path": "/metrics", "interval": "30s"}
        if service is not None:
            endpoint["relabelings"] = [
                {
                    "sourceLabels": ["service"],
                    "regex": f"({service})-(primary|canary)",
                    "targetLabel": "service",
                    "replacement": "$1",
                    "action": "replace",
                }
            ]
        custom_resource(
            self,
            "Resource",
            api_version=MONITORING,
            kind="ServiceMonitor",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "selector": {"matchLabels": selector or labels.selector},
                "endpoints": [endpoint],
            },
        )


class PlatformAlerts(Construct):
    """PrometheusRule ``name`` with the platform's alerts for the Services ``api`` and ``workloads``, served by
    the Deployments ``deployments`` (default: ``workloads``; Flagger's ``api-primary`` serves for ``api``).
    CPU and memory are judged per container against that container's limit, the Istio sidecar excluded.
    Each alert's ``runbook_url`` is ``<runbooks>/<alert>.md``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        api: str,
        workloads: list[str],
        alerts: Alerts,
        runbooks: str,
        deployments: list[str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not workloads:
            raise PropError(f"PlatformAlerts '{name}'", "workloads", workloads, "must name at least one Deployment")
        ns = f'namespace="{namespace}"'
        pods = "|".join(workloads)
        serving = "|".join(deployments or workloads)
        app = f'{ns},container!="",container!="{SIDECAR}"'
        rules = [
            _rule(
                "MLHighErrorRate",
                "critical",
                alerts.error_for,
                f'sum(rate(http_requests_total{{{ns},service="{api}",code=~"5.."}}[5m]))\n'
                f'  / sum(rate(http_requests_total{{{ns},service="{api}"}}[5m])) > {alerts.error_ratio:g}',
                f"More than {alerts.error_ratio:.0%} of API requests fail",
            ),
            _rule(
                "MLHighLatency",
                "warning",
                alerts.latency_for,
                "histogram_quantile(0.95,\n"
                f'  sum by (le) (rate(http_request_duration_seconds_bucket{{{ns},service="{api}"}}[5m])))\n'
                f"  > {alerts.p95_latency_seconds:g}",
                f"API P95 latency is above {alerts.p95_latency_seconds * 1000:g} ms",
            ),
            _rule(
                "MLLowModelAccuracy",
                "warning",
                "15m",
                f"min(ml_model_accuracy{{{ns}}}) < {alerts.min_accuracy:g}",
                f"Model accuracy is below {alerts.min_accuracy:.0%}",
            ),
            _rule(
                "MLCpuExhaustion",
                "warning",
                "5m",
                f"sum by ({PER_CONTAINER}) (rate(container_cpu_usage_seconds_total{{{app}}}[5m]))\n"
                f'  / sum by ({PER_CONTAINER}) (kube_pod_container_resource_limits{{{app},resource="cpu"}})'
                f" > {alerts.cpu_ratio:g}",
                f"A container uses more than {alerts.cpu_ratio:.0%} of its CPU limit",
                _CONTAINER_AT.format(resource="CPU"),
            ),
            _rule(
                "MLMemoryExhaustion",
                "critical",
                "5m",
                f"sum by ({PER_CONTAINER}) (container_memory_working_set_bytes{{{app}}})\n"
                f'  / sum by ({PER_CONTAINER}) (kube_pod_container_resource_limits{{{app},resource="memory"}})'
                f" > {alerts.memory_ratio:g}",
                f"A container uses more than {alerts.memory_ratio:.0%} of its memory limit",
                _CONTAINER_AT.format(resource="memory"),
            ),
            _rule(
                "MLServiceUnavailable",
                "critical",
                "2m",
                f'kube_deployment_status_replicas_available{{{ns},deployment=~"{serving}"}} == 0\n'
                f'  or up{{{ns},service=~"{pods}"}} == 0',
                "A platform service has no healthy replica or fails its health checks",
            ),
        ]
        custom_resource(
            self,
            "Resource",
            api_version=MONITORING,
            kind="PrometheusRule",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={"groups": [{"name": name, "rules": [_with_runbook(rule, runbooks) for rule in rules]}]},
        )


#: Which container an exhaustion alert is about (Prometheus templates, filled when the alert fires).
_CONTAINER_AT = (
    "Container {{{{ $labels.container }}}} of {{{{ $labels.namespace }}}}/{{{{ $labels.pod }}}} is at"
    " {{{{ $value | humanizePercentage }}}} of its {resource} limit"
)


def _rule(alert: str, severity: str, duration: str, expr: str, summary: str, description: str = "") -> dict[str, Any]:
    annotations = {"summary": summary}
    if description:
        annotations["description"] = description
    return {"alert": alert, "expr": expr, "for": duration, "labels": {"severity": severity}, "annotations": annotations}


def runbook_url(runbooks: str, alert: str) -> str:
    """Where the runbook of ``alert`` is: ``<alert>.md`` in the ``runbooks`` folder (one per alert)."""
    return f"{runbooks}/{alert}.md"


def _with_runbook(rule: dict[str, Any], runbooks: str) -> dict[str, Any]:
    annotations = {**rule["annotations"], "runbook_url": runbook_url(runbooks, rule["alert"])}
    return {**rule, "annotations": dict(sorted(annotations.items()))}
