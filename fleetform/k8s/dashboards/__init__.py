"""The platform's Grafana dashboards, one module per dashboard, listed in :data:`DASHBOARDS` (in the order
Grafana shows them). To add one: a module with ``build(scope) -> Dashboard`` and a line here; its metrics
must be in :data:`fleetform.k8s.dashboards.metrics.EXPORTED`."""

from __future__ import annotations

from collections.abc import Callable

from fleetform.k8s.dashboards import business, infrastructure, model_performance, security, service_overview
from fleetform.k8s.dashboards.model import Dashboard, grafana_json
from fleetform.k8s.dashboards.scope import Scope

DASHBOARDS: tuple[Callable[[Scope], Dashboard], ...] = (
    service_overview.build,
    model_performance.build,
    infrastructure.build,
    security.build,
    business.build,
)

__all__ = ["DASHBOARDS", "Dashboard", "Scope", "grafana_json"]
