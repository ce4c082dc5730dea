"""External Secrets objects (snapshot and prop checks), the connection Secret's templates, and Alertmanager's
routing per environment."""

from __future__ import annotations

import re

import pytest

from fleetform.clouds import Site
from fleetform.clouds.aws import Aws
from fleetform.clouds.secrets import CONNECTION_PROPERTIES
from fleetform.errors import PropError
from fleetform.k8s.alert_routing import alertmanager_values, receiver_data
from fleetform.k8s.constructs.external_secrets import CloudSecretStore, RemoteValue, SyncedSecret
from fleetform.k8s.pod import SECRET_ENV
from fleetform.k8s.secret_delivery import URL_TEMPLATES, connection_template, store_reader
from fleetform.settings.services import AlertReceivers
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

SITE = Site("ml-platform", "production", "333333333333", "us-east-1", "us-west-2", True)
CONNECTION = {prop: RemoteValue("ml-platform-production-connections", prop) for prop in CONNECTION_PROPERTIES}


def test_store_and_secrets_defaults() -> None:
    objs = synth(
        lambda c: (
            CloudSecretStore(
                c,
                "s",
                name="cloud-secrets",
                labels=LABELS,
                provider=Aws().secret_store_provider(SITE, store_reader()),
                namespaces=["monitoring", "ml-production"],
            ),
            SyncedSecret(
                c,
                "c",
                name="ml-platform-connections",
                namespace="ml-production",
                labels=LABELS,
                store="cloud-secrets",
                refresh_interval="1h",
                data=CONNECTION,
                template=connection_template(),
            ),
            SyncedSecret(
                c,
                "r",
                name="alertmanager-receivers",
                namespace="monitoring",
                labels=LABELS,
                store="cloud-secrets",
                refresh_interval="30m",
                data=receiver_data(SITE, AlertReceivers()),
            ),
        )
    )
    assert_snapshot("external_secrets", objs)
    assert objs[0]["spec"]["conditions"] == [{"namespaces": ["ml-production", "monitoring"]}]
    assert objs[1]["spec"]["target"]["template"]["data"] == {
        "database-url": "postgresql://{{ .database_user | urlquery }}@{{ .database_host }}:{{ .database_port }}"
        "/{{ .database_name }}?sslmode=require",
        "redis-url": "rediss://{{ .cache_user | urlquery }}{{ with .cache_password }}:{{ . | urlquery }}{{ end }}"
        "@{{ .cache_host }}:{{ .cache_port }}",
        "kafka-bootstrap-servers": "{{ .broker_bootstrap }}",
    }
    assert objs[2]["spec"]["data"] == [
        {"secretKey": "chat", "remoteRef": {"key": "ml-platform-production-alerts-chat"}},
        {"secretKey": "pager", "remoteRef": {"key": "ml-platform-production-alerts-pager"}},
    ]
    assert "template" not in objs[2]["spec"]["target"]


def test_connection_templates_fill_every_secret_key_from_the_entry() -> None:
    """Each env var the pods read has a template; together they read every property of the entry."""
    assert sorted(URL_TEMPLATES) == sorted(SECRET_ENV)
    read = {key for text in URL_TEMPLATES.values() for key in re.findall(r"\.([a-z_]+)", text)}
    assert read == set(CONNECTION_PROPERTIES)


@pytest.mark.parametrize(
    ("props", "message"),
    [
        (
            {"provider": {"aws": {}, "gcpsm": {}}},
            "CloudSecretStore 's': 'provider' (['aws', 'gcpsm']) must hold one provider block",
        ),
        ({"namespaces": []}, "CloudSecretStore 's': 'namespaces' ([]) must name at least one namespace"),
    ],
)
def test_store_rejects_bad_props(props: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"provider": {"aws": {}}, "namespaces": ["ml"]}
    with pytest.raises(PropError) as info:
        synth(lambda c: CloudSecretStore(c, "s", name="s", labels=LABELS, **(base | props)))  # type: ignore[arg-type]
    assert info.value.message == message


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"data": {}}, "SyncedSecret 'ml/x': 'data' ({}) must map at least one key to the store"),
        (
            {"refresh_interval": "1 hour"},
            "SyncedSecret 'ml/x': 'refresh_interval' ('1 hour') must be a duration such as 1h or 30m",
        ),
        ({"refresh_interval": ""}, "SyncedSecret 'ml/x': 'refresh_interval' ('') must be a duration such as 1h or 30m"),
        (
            {"template": {"url": "redis://{{ .host }}:{{ .port }}"}},
            "SyncedSecret 'ml/x': 'template[url]' ('redis://{{ .host }}:{{ .port }}') reads ['port'], which 'data'"
            " does not define",
        ),
    ],
)
def test_synced_secret_rejects_bad_props(props: dict[str, object], message: str) -> None:
    base: dict[str, object] = {"refresh_interval": "1h", "data": {"host": RemoteValue("entry", "host")}}
    with pytest.raises(PropError) as info:
        synth(
            lambda c: SyncedSecret(
                c,
                "x",
                name="x",
                namespace="ml",
                labels=LABELS,
                store="s",
                **(base | props),  # type: ignore[arg-type]
            )
        )
    assert info.value.message == message


def test_production_pages_critical_and_chats_warnings() -> None:
    files = "/etc/alertmanager/secrets/alertmanager-receivers"
    assert alertmanager_values(AlertReceivers()) == {
        "config": {
            "route": {
                "receiver": "null",
                "routes": [
                    {"receiver": "null", "matchers": ['alertname = "Watchdog"']},
                    {"receiver": "pager", "matchers": ['severity = "critical"']},
                    {"receiver": "chat", "matchers": ['severity = "warning"']},
                ],
            },
            "receivers": [
                {"name": "null"},
                {"name": "chat", "slack_configs": [{"api_url_file": f"{files}/chat", "send_resolved": True}]},
                {"name": "pager", "pagerduty_configs": [{"routing_key_file": f"{files}/pager", "send_resolved": True}]},
            ],
        },
        "alertmanagerSpec": {"secrets": ["alertmanager-receivers"]},
    }


def test_one_receiver_for_both_severities() -> None:
    values = alertmanager_values(AlertReceivers(critical="chat", warning="chat"))
    assert values["config"]["route"]["routes"][1:] == [
        {"receiver": "chat", "matchers": ['severity = "critical"']},
        {"receiver": "chat", "matchers": ['severity = "warning"']},
    ]
    assert [r["name"] for r in values["config"]["receivers"]] == ["null", "chat"]
    assert receiver_data(SITE, AlertReceivers(critical="chat", warning="chat")) == {
        "chat": RemoteValue("ml-platform-production-alerts-chat")
    }


def test_no_receivers_route_everything_to_null_and_mount_nothing() -> None:
    receivers = AlertReceivers(critical="none", warning="none")
    assert alertmanager_values(receivers) == {
        "config": {
            "route": {"receiver": "null", "routes": [{"receiver": "null", "matchers": ['alertname = "Watchdog"']}]},
            "receivers": [{"name": "null"}],
        }
    }
    assert receivers.used == ()
    assert receiver_data(SITE, receivers) == {}
