"""Runtime security with Falco: the chart's values (:func:`falco_values`) and the alerts its events raise
(:class:`FalcoAlerts`).

Decisions:

- **Driver**: ``modern_ebpf`` on every cloud. It is compiled into Falco (CO-RE: nothing is built or downloaded
  for the node's kernel) and needs a kernel >= 5.8 with BTF, which every node OS the stacks run has: EKS
  Amazon Linux 2023 (kernel 6.1+; managed node groups and Karpenter's ``al2023@latest``), AKS Ubuntu 24.04 for
  Kubernetes 1.35 (kernel 6.8), GKE Container-Optimized OS (kernel 6.x; COS forbids loading kernel modules,
  so ``kmod`` is not an option there). The kernel module needs a driver built per kernel and fetched at start.
- **Privileged**: Falco's container runs privileged (the chart's default with ``modern_ebpf``). The
  capability-only mode (``leastPrivileged``: BPF, PERFMON, SYS_RESOURCE, SYS_PTRACE) fails on some node
  kernels' lockdown and AppArmor settings (falcosecurity/falco#2874 on GKE COS: "ring buffer map type is not
  supported"); and the pod needs host paths (``/proc``, ``/etc``, ``/sys/kernel``, the container runtime's
  socket) that only the ``privileged`` Pod Security level admits anyway. Its namespace is therefore
  ``privileged`` and holds nothing else.
- **Offline and pinned**: Falco 0.44.1's image carries the default rules (falco-rules 5.1.0) and the container
  plugin (0.7.1); falcoctl's install and follow (which download rules and plugins from ghcr.io at start and
  every week) are off, so the rules change only with the pin and the pods need no Internet access.
- **Every node**: the DaemonSet tolerates every taint (system, spot and GPU pools), so no node goes unwatched.
- **Alerts**: Falco's own Prometheus metrics (``falcosecurity_falco_rules_matches_total``, one series per rule
  that matched, labelled with its numeric ``priority``), scraped through the chart's ServiceMonitor, and a
  PrometheusRule: the path every platform alert takes to Alertmanager (routing by severity, receivers,
  runbooks). Falcosidekick would be a second path with its own routing, image and pin. The alerts say which
  rule fired on which node; the event itself (pod, process, file, connection) is in Falco's JSON log.
"""

from __future__ import annotations

from typing import Any

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.constructs.monitoring import MONITORING, runbook_url
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.falco_rules import RULES_FILE
from fleetform.k8s.labels import AppLabels

#: Falco's version in each pinned chart version (its ``appVersion``): the image named in the values.
APP_VERSIONS = {"9.1.0": "0.44.1"}
IMAGE = {"registry": "docker.io", "repository": "falcosecurity/falco"}
#: The chart's default sizing (upstream's: 100m / 512Mi requested, 1 CPU / 1Gi at most), stated here so it is
#: reviewed with the pin: Falco's memory grows with the nodes' process and connection tables.
RESOURCES = {"requests": {"cpu": "100m", "memory": "512Mi"}, "limits": {"cpu": "1", "memory": "1Gi"}}
METRIC = "falcosecurity_falco_rules_matches_total"
#: Alertmanager severity of Falco's priorities (the metric's ``priority`` label: 0 EMERGENCY, 1 ALERT,
#: 2 CRITICAL, 3 ERROR, 4 WARNING, 5 NOTICE, 6 INFORMATIONAL, 7 DEBUG). NOTICE and below are logged only.
SEVERITIES = (("FalcoCriticalEvent", "critical", "[0-3]"), ("FalcoWarningEvent", "warning", "4"))
#: How far back a match raises the alert (and how long it stays firing after the last match).
WINDOW = "5m"


def falco_values(*, chart_version: str, rules_text: str) -> dict[str, Any]:
    """The HelmRelease values (see the module's decisions)."""
    if chart_version not in APP_VERSIONS:
        raise PropError(
            "falco_values", "chart_version", chart_version, f"must be a vendored chart version: {sorted(APP_VERSIONS)}"
        )
    return {
        "image": {**IMAGE, "tag": APP_VERSIONS[chart_version]},
        "driver": {"kind": "modern_ebpf"},
        "falcoctl": {"artifact": {"install": {"enabled": False}, "follow": {"enabled": False}}},
        "customRules": {RULES_FILE: rules_text},
        # Every matching rule counts and alerts, not only the first loaded (the default ruleset's "Terminal
        # shell in container" would otherwise hide the platform's shell rule); JSON for the log pipeline.
        "falco": {"rule_matching": "all", "json_output": True},
        "metrics": {"enabled": True},
        "serviceMonitor": {"create": True},
        "resources": RESOURCES,
        "tolerations": [{"operator": "Exists"}],
    }


class FalcoAlerts(Construct):
    """PrometheusRule ``name``: one alert per severity of :data:`SEVERITIES`, firing while a rule of those
    priorities matched within :data:`WINDOW`, per rule and Falco pod (one per node). A rule's series appears
    only at its first match, which ``increase`` cannot see (it needs two samples): the second half of the
    expression catches series that did not exist :data:`WINDOW` ago. Each alert's ``runbook_url`` is
    ``<runbooks>/<alert>.md``."""

    def __init__(
        self, scope: Construct, id: str, *, name: str, namespace: str, labels: AppLabels, runbooks: str
    ) -> None:
        super().__init__(scope, id)
        custom_resource(
            self,
            "Resource",
            api_version=MONITORING,
            kind="PrometheusRule",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={"groups": [{"name": name, "rules": [_alert(*s, runbooks) for s in SEVERITIES]}]},
        )


def _alert(alert: str, severity: str, priorities: str, runbooks: str) -> dict[str, Any]:
    series = f'{METRIC}{{priority=~"{priorities}"}}'
    by = "sum by (rule_name, pod)"
    return {
        "alert": alert,
        "expr": f"{by} (increase({series}[{WINDOW}])) > 0\n  or {by} ({series} unless {series} offset {WINDOW})",
        "labels": {"severity": severity},
        "annotations": {
            "description": "Falco rule {{ $labels.rule_name }} matched on {{ $labels.pod }}'s node; the event is in"
            " that pod's log",
            "runbook_url": runbook_url(runbooks, alert),
            "summary": f"A Falco rule of {severity} priority matched",
        },
    }
