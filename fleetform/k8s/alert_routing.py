"""Where alerts go: Alertmanager routes each severity to the receiver the environment names (settings
``alerts.receivers``: ``pager``, ``chat`` or ``none``). Receivers read their endpoint from a file of the Secret
:data:`RECEIVERS_SECRET`, which an ExternalSecret copies from the cloud's secret store: an endpoint URL or
routing key is a credential itself, so it is never in the settings, the chart values or ``dist/``.
"""

from __future__ import annotations

from typing import Any

from fleetform.clouds import Site
from fleetform.clouds.secrets import receiver_entry
from fleetform.k8s.constructs.external_secrets import RemoteValue
from fleetform.settings.services import AlertReceivers

#: The Secret (monitoring namespace) holding one key per receiver: its endpoint.
RECEIVERS_SECRET = "alertmanager-receivers"
#: Where the Prometheus operator mounts each Secret of ``alertmanagerSpec.secrets``.
SECRETS_DIR = "/etc/alertmanager/secrets"
#: Alertmanager's receiver with no integration: alerts routed there are dropped.
NULL = "null"
#: The integration of each receiver and the field naming its endpoint file (Alertmanager reads the file at
#: each notification, so a rotated endpoint needs no restart).
INTEGRATIONS = {
    "chat": ("slack_configs", "api_url_file"),
    "pager": ("pagerduty_configs", "routing_key_file"),
}


def alertmanager_values(receivers: AlertReceivers) -> dict[str, Any]:
    """kube-prometheus-stack's ``alertmanager`` values. Helm merges ``config`` into the chart's default
    (global settings, inhibition rules, templates stay); ``route.routes`` and ``receivers`` replace the
    chart's lists, so the always-firing ``Watchdog`` is routed to the null receiver here, as the chart does."""
    routes: list[dict[str, Any]] = [{"receiver": NULL, "matchers": ['alertname = "Watchdog"']}]
    for severity, receiver in (("critical", receivers.critical), ("warning", receivers.warning)):
        if receiver != "none":
            routes.append({"receiver": receiver, "matchers": [f'severity = "{severity}"']})
    config = {
        "route": {"receiver": NULL, "routes": routes},
        "receivers": [{"name": NULL}, *(_receiver(name) for name in receivers.used)],
    }
    values: dict[str, Any] = {"config": config}
    if receivers.used:
        values["alertmanagerSpec"] = {"secrets": [RECEIVERS_SECRET]}
    return values


def receiver_data(site: Site, receivers: AlertReceivers) -> dict[str, RemoteValue]:
    """The receivers Secret's keys: each used receiver's endpoint, from its entry of the store."""
    return {name: RemoteValue(receiver_entry(site, name)) for name in receivers.used}


def _receiver(name: str) -> dict[str, Any]:
    integration, field = INTEGRATIONS[name]
    return {"name": name, integration: [{field: f"{SECRETS_DIR}/{RECEIVERS_SECRET}/{name}", "send_resolved": True}]}
