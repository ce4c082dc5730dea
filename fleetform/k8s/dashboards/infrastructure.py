"""Infrastructure Health: each container's CPU and memory against its own limit (the Istio sidecar apart, as
the alerts judge them), CPU throttling, GPUs requested, restarts, and the autoscalers' headroom."""

from __future__ import annotations

from fleetform.k8s.constructs.monitoring import PER_CONTAINER, SIDECAR
from fleetform.k8s.dashboards.model import Dashboard, Panel, Query
from fleetform.k8s.dashboards.scope import Scope


def build(scope: Scope) -> Dashboard:
    app = f'{scope.ns},container!="",container!="{SIDECAR}"'
    by = f"sum by ({PER_CONTAINER})"
    legend = "{{pod}}/{{container}}"
    hpa = "sum by (horizontalpodautoscaler)"
    return Dashboard(
        uid="ml-platform-infrastructure",
        title="ML Platform / Infrastructure Health",
        panels=(
            Panel(
                "CPU used / limit",
                "percentunit",
                (
                    Query(
                        f"{by} (rate(container_cpu_usage_seconds_total{{{app}}}[5m]))\n"
                        f'  / {by} (kube_pod_container_resource_limits{{{app},resource="cpu"}})',
                        legend,
                    ),
                ),
                threshold=scope.alerts.cpu_ratio,
            ),
            Panel(
                "Memory used / limit",
                "percentunit",
                (
                    Query(
                        f"{by} (container_memory_working_set_bytes{{{app}}})\n"
                        f'  / {by} (kube_pod_container_resource_limits{{{app},resource="memory"}})',
                        legend,
                    ),
                ),
                threshold=scope.alerts.memory_ratio,
            ),
            Panel(
                "CPU throttled periods",
                "percentunit",
                (
                    Query(
                        f"{by} (rate(container_cpu_cfs_throttled_periods_total{{{app}}}[5m]))\n"
                        f"  / {by} (rate(container_cpu_cfs_periods_total{{{app}}}[5m]))",
                        legend,
                    ),
                ),
            ),
            Panel(
                "GPUs requested",
                "short",
                (
                    Query(
                        f'sum by (pod) (kube_pod_container_resource_requests{{{scope.ns},resource="nvidia_com_gpu"}})',
                        "{{pod}}",
                    ),
                ),
            ),
            Panel(
                "Container restarts (1h)",
                "short",
                (Query(f"{by} (increase(kube_pod_container_status_restarts_total{{{scope.ns}}}[1h]))", legend),),
            ),
            Panel(
                "Autoscaler replicas / maximum",
                "percentunit",
                (
                    Query(
                        f"{hpa} (kube_horizontalpodautoscaler_status_current_replicas{{{scope.ns}}})\n"
                        f"  / {hpa} (kube_horizontalpodautoscaler_spec_max_replicas{{{scope.ns}}})",
                        "{{horizontalpodautoscaler}}",
                    ),
                ),
                threshold=1.0,
            ),
        ),
    )
