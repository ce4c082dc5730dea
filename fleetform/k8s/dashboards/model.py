"""A dashboard as data (panels of PromQL queries) and its Grafana JSON: what the Grafana of the pinned
kube-prometheus-stack loads from a labelled ConfigMap (:mod:`fleetform.k8s.constructs.dashboards`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The Prometheus data source the chart provisions (``grafana.sidecar.datasources.uid`` of its values).
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
#: Grafana's dashboard JSON model version the panels are written for (Grafana 11/12 read it as is).
SCHEMA_VERSION = 39
#: Panels per row, and a panel's height in grid units (the grid is 24 wide).
PER_ROW, HEIGHT = 2, 8


@dataclass(frozen=True)
class Query:
    """One PromQL expression of a panel and its legend (Grafana's ``{{label}}`` template)."""

    expr: str
    legend: str = ""


@dataclass(frozen=True)
class Panel:
    """A time series panel. ``unit`` is Grafana's unit id (``reqps``, ``percentunit``, ``s``, ``bytes``...);
    ``threshold``, when set, is drawn as the red line where the matching alert fires."""

    title: str
    unit: str
    queries: tuple[Query, ...]
    threshold: float | None = None


@dataclass(frozen=True)
class Dashboard:
    uid: str
    title: str
    panels: tuple[Panel, ...]
    tags: tuple[str, ...] = field(default=("ml-platform",))


def grafana_json(dashboard: Dashboard) -> dict[str, Any]:
    """The dashboard in Grafana's JSON model: fixed ids and grid positions, so the output is deterministic."""
    return {
        "uid": dashboard.uid,
        "title": dashboard.title,
        "tags": list(dashboard.tags),
        "timezone": "utc",
        "schemaVersion": SCHEMA_VERSION,
        "version": 1,
        "editable": False,
        "refresh": "1m",
        "time": {"from": "now-6h", "to": "now"},
        "panels": [_panel(i, panel) for i, panel in enumerate(dashboard.panels)],
    }


def _panel(index: int, panel: Panel) -> dict[str, Any]:
    width = 24 // PER_ROW
    steps: list[dict[str, Any]] = [{"color": "green", "value": None}]
    if panel.threshold is not None:
        steps.append({"color": "red", "value": panel.threshold})
    return {
        "id": index + 1,
        "type": "timeseries",
        "title": panel.title,
        "datasource": DATASOURCE,
        "gridPos": {"h": HEIGHT, "w": width, "x": (index % PER_ROW) * width, "y": (index // PER_ROW) * HEIGHT},
        "fieldConfig": {
            "defaults": {
                "unit": panel.unit,
                "thresholds": {"mode": "absolute", "steps": steps},
                "custom": {"thresholdsStyle": {"mode": "line" if panel.threshold is not None else "off"}},
            },
            "overrides": [],
        },
        "targets": [
            {"refId": chr(ord("A") + i), "datasource": DATASOURCE, "expr": q.expr, "legendFormat": q.legend}
            for i, q in enumerate(panel.queries)
        ],
    }
