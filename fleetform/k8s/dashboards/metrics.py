"""The metrics dashboards and alert rules may name, by who exports them (tests check every expression
against this list, so a dashboard never plots a series nothing exports).

- ``platform``: the contract of the platform's images (``/metrics`` of ``api`` and ``model-worker``,
  scraped by their ServiceMonitors): HTTP requests by ``service`` and ``code``, request and prediction
  durations as Prometheus histograms, predictions by ``model_version``, the served model's accuracy and drift.
- ``kube-state-metrics`` and ``cadvisor`` (the kubelet): as the pinned kube-prometheus-stack scrapes them.
- ``prometheus``: series Prometheus writes itself.
- ``falco``: Falco's own metrics (webserver ``/metrics``, scraped by the chart's ServiceMonitor where runtime
  security is on): one counter per rule that matched, labelled ``rule_name``, ``priority`` (0..7) and ``tag_*``.
"""

from __future__ import annotations

EXPORTED: dict[str, frozenset[str]] = {
    "platform": frozenset(
        {
            "http_requests_total",
            "http_request_duration_seconds_bucket",
            "ml_model_accuracy",
            "ml_model_drift_score",
            "ml_predictions_total",
            "ml_prediction_duration_seconds_bucket",
        }
    ),
    "kube-state-metrics": frozenset(
        {
            "kube_deployment_status_replicas_available",
            "kube_horizontalpodautoscaler_spec_max_replicas",
            "kube_horizontalpodautoscaler_status_current_replicas",
            "kube_networkpolicy_labels",
            "kube_pod_container_resource_limits",
            "kube_pod_container_resource_requests",
            "kube_pod_container_status_restarts_total",
            "kube_pod_container_status_waiting_reason",
        }
    ),
    "cadvisor": frozenset(
        {
            "container_cpu_cfs_periods_total",
            "container_cpu_cfs_throttled_periods_total",
            "container_cpu_usage_seconds_total",
            "container_memory_working_set_bytes",
        }
    ),
    "prometheus": frozenset({"up"}),
    "falco": frozenset({"falcosecurity_falco_rules_matches_total"}),
}
