"""The platform's Grafana dashboards: ConfigMaps the chart's Grafana sidecar loads, panels whose thresholds
are the alerts' settings, and every PromQL expression (dashboards and alert rules alike, in the committed
dist/) parses and names only metrics something exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml

from fleetform.errors import PropError
from fleetform.k8s.constructs.dashboards import GrafanaDashboards
from fleetform.k8s.dashboards import DASHBOARDS, Scope, grafana_json
from fleetform.k8s.dashboards.metrics import EXPORTED
from fleetform.settings.services import Alerts
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

ROOT = Path(__file__).resolve().parents[2]
SCOPE = Scope(namespace="ml-production", api="api", workloads=("api", "model-worker"), alerts=Alerts())
KNOWN = frozenset().union(*EXPORTED.values())


def metric_names(expr: str) -> set[str]:
    """The metric names an expression selects (a ValueError names the syntax error)."""
    names: set[str] = set()

    def visit(node: object) -> bool:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            names.add(node.name)
        return True

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def _expressions() -> list[tuple[str, str]]:
    """(file, expression) of every dashboard panel and platform alert rule in dist/."""
    found = []
    for path in sorted((ROOT / "dist" / "k8s").glob("*/configs/monitoring/configmap-dashboard-*.yaml")):
        for text in yaml.safe_load(path.read_text(encoding="utf-8"))["data"].values():
            for panel in json.loads(text)["panels"]:
                found += [(path.name, target["expr"]) for target in panel["targets"]]
    for path in sorted((ROOT / "dist" / "k8s").glob("*/*/*/prometheusrule-*.yaml")):
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["spec"]["groups"]:
            found += [(path.name, rule["expr"]) for rule in group["rules"]]
    return found


def test_every_expression_parses_and_names_only_exported_metrics() -> None:
    expressions = _expressions()
    # per cluster: the queries of the five dashboards (the latency panel has three), then the 6 platform alerts
    # and Falco's 2
    assert len(expressions) == 9 * (6 + 4 + 6 + 5 + 3 + 6 + 2)
    used: set[str] = set()
    for file, expr in expressions:
        names = metric_names(expr)
        assert names and names <= KNOWN, (file, expr, names - KNOWN)
        used |= names
    assert used == KNOWN  # the list names nothing no panel or rule reads


def test_the_metric_check_catches_a_series_nothing_exports_and_a_syntax_error() -> None:
    assert metric_names('sum(rate(http_requests_totl{service="api"}[5m]))') - KNOWN == {"http_requests_totl"}
    with pytest.raises(ValueError, match="unclosed left parenthesis"):
        metric_names("sum(rate(http_requests_total[5m])")


def test_each_cluster_loads_the_five_dashboards() -> None:
    for cluster in sorted(p.name for p in (ROOT / "dist" / "k8s").iterdir()):
        folder = ROOT / "dist" / "k8s" / cluster / "configs" / "monitoring"
        maps = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("configmap-dashboard-*"))]
        assert [m["metadata"]["labels"]["grafana_dashboard"] for m in maps] == ["1"] * 5, cluster
        assert sorted(m["metadata"]["name"] for m in maps) == [
            "dashboard-ml-platform-business-kpis",
            "dashboard-ml-platform-infrastructure",
            "dashboard-ml-platform-model-performance",
            "dashboard-ml-platform-security",
            "dashboard-ml-platform-service-overview",
        ]
        env = cluster.split("-")[1]
        texts = [text for m in maps for text in m["data"].values()]
        assert all(f'namespace=\\"ml-{env}\\"' in text for text in texts), cluster


def _panel(dashboard: dict[str, Any], title: str) -> dict[str, Any]:
    panels: list[dict[str, Any]] = [p for p in dashboard["panels"] if p["title"] == title]
    (panel,) = panels
    return panel


def test_thresholds_are_the_alerts_settings() -> None:
    alerts = Alerts(error_ratio=0.02, p95_latency_seconds=0.3, cpu_ratio=0.8, memory_ratio=0.9, min_accuracy=0.9)
    scope = Scope(namespace="ml-staging", api="api", workloads=("api",), alerts=alerts)
    boards = {d.uid: grafana_json(d) for d in (build(scope) for build in DASHBOARDS)}
    red = {
        (uid, title): _panel(boards[uid], title)["fieldConfig"]["defaults"]["thresholds"]["steps"][-1]["value"]
        for uid, title in [
            ("ml-platform-service-overview", "Error rate (5xx)"),
            ("ml-platform-service-overview", "Latency P50 / P95 / P99"),
            ("ml-platform-model-performance", "Model accuracy (lowest pod)"),
            ("ml-platform-infrastructure", "CPU used / limit"),
            ("ml-platform-infrastructure", "Memory used / limit"),
            ("ml-platform-business-kpis", "Successful requests (24h)"),
        ]
    }
    assert list(red.values()) == [0.02, 0.3, 0.9, 0.8, 0.9, 0.98]


def test_dashboards_construct_snapshot() -> None:
    board = DASHBOARDS[0](SCOPE)
    objs = synth(lambda c: GrafanaDashboards(c, "d", namespace="monitoring", labels=LABELS, dashboards=[board]))
    assert_snapshot("dashboards", objs)


def test_two_dashboards_with_one_uid_are_refused() -> None:
    board = DASHBOARDS[0](SCOPE)
    with pytest.raises(PropError) as info:
        synth(lambda c: GrafanaDashboards(c, "d", namespace="monitoring", labels=LABELS, dashboards=[board, board]))
    assert info.value.message == (
        "GrafanaDashboards: 'dashboards' (['ml-platform-service-overview', 'ml-platform-service-overview']) must "
        "have distinct uids"
    )
