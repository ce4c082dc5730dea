"""Traces and logs: the constructs and chart values (snapshots, exact values, prop checks), what every committed
cluster carries, and what the ``tracing``/``logging``/``mesh`` switches leave out."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.charts import values_problems
from fleetform.errors import PropError
from fleetform.k8s.charts.telemetry import (
    COLLECTOR_RESOURCES,
    FLUENT_BIT_RESOURCES,
    JAEGER_RESOURCES,
)
from fleetform.k8s.constructs.log_shipping import fluent_bit_values, shipper_config
from fleetform.k8s.constructs.tracing import MeshTracing, collector_values, jaeger_values
from fleetform.synth import synthesize
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]
SAMPLING = {"dev": 100, "staging": 10, "production": 1.0}
CREDENTIALS = [
    {"name": "ES_USERNAME", "valueFrom": {"secretKeyRef": {"name": "elasticsearch-credentials", "key": "username"}}},
    {"name": "ES_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "elasticsearch-credentials", "key": "password"}}},
]


def _dist(cluster: str, path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load((ROOT / "dist/k8s" / cluster / path).read_text(encoding="utf-8"))
    return obj


def test_mesh_tracing_defaults() -> None:
    objs = synth(
        lambda c: MeshTracing(
            c, "t", name="mesh-default", namespace="istio-system", labels=LABELS, provider="otel", sampling_percent=1.0
        )
    )
    assert_snapshot("mesh_tracing", objs)
    assert objs[0]["spec"] == {"tracing": [{"providers": [{"name": "otel"}], "randomSamplingPercentage": 1.0}]}


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("sampling_percent", 0.0, "MeshTracing 'm': 'sampling_percent' (0.0) must be above 0 and <= 100"),
        ("sampling_percent", 100.5, "MeshTracing 'm': 'sampling_percent' (100.5) must be above 0 and <= 100"),
        ("sampling_percent", math.nan, "MeshTracing 'm': 'sampling_percent' (nan) must be above 0 and <= 100"),
        ("provider", "", "MeshTracing 'm': 'provider' ('') must name an extension provider"),
    ],
)
def test_mesh_tracing_rejects_bad_props(prop: str, value: Any, message: str) -> None:
    props: dict[str, Any] = {"provider": "otel", "sampling_percent": 10.0, prop: value}
    with pytest.raises(PropError) as info:
        synth(lambda c: MeshTracing(c, "t", name="m", namespace="istio-system", labels=LABELS, **props))
    assert info.value.message == message


def test_collector_receives_otlp_and_exports_traces_only_to_jaeger() -> None:
    values = collector_values(name="otel-collector", jaeger_host="jaeger.tracing", replicas=2, resources={})
    assert values["config"] == {
        "receivers": {"jaeger": None, "zipkin": None, "prometheus": None},
        "exporters": {"otlp/jaeger": {"endpoint": "jaeger.tracing:4317", "tls": {"insecure": True}}},
        "service": {
            "pipelines": {
                "traces": {
                    "receivers": ["otlp"],
                    "processors": ["memory_limiter", "batch"],
                    "exporters": ["otlp/jaeger"],
                },
                "metrics": None,
                "logs": None,
            }
        },
    }
    assert [name for name, port in values["ports"].items() if not port["enabled"]] == [
        "jaeger-compact",
        "jaeger-thrift",
        "jaeger-grpc",
        "zipkin",
    ]
    assert (values["mode"], values["fullnameOverride"], values["replicaCount"]) == ("deployment", "otel-collector", 2)
    assert values["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    with pytest.raises(PropError) as info:
        collector_values(name="c", jaeger_host="j", replicas=0, resources={})
    assert info.value.message == "collector_values: 'replicas' (0) must be >= 1"


def test_jaeger_stores_in_elasticsearch_with_the_secrets_credentials() -> None:
    values = jaeger_values(
        elasticsearch_url="https://es.acme.example",
        index_prefix="jaeger",
        credentials_secret="elasticsearch-credentials",
        replicas=1,
        resources={},
    )
    backend = values["userconfig"]["extensions"]["jaeger_storage"]["backends"]["elasticsearch"]["elasticsearch"]
    assert backend == {
        "server_urls": ["https://es.acme.example"],
        "auth": {"basic": {"username": "${env:ES_USERNAME}", "password": "${env:ES_PASSWORD}"}},
        "indices": {"index_prefix": "jaeger"},
    }
    assert values["jaeger"]["extraEnv"] == CREDENTIALS
    assert values["jaeger"]["image"] == {"registry": "docker.io", "repository": "jaegertracing/jaeger", "tag": "2.19.0"}
    with pytest.raises(PropError) as info:
        jaeger_values(elasticsearch_url="http://es", index_prefix="j", credentials_secret="s", replicas=1, resources={})
    assert info.value.message == "jaeger_values: 'elasticsearch_url' ('http://es') must be an https:// URL"


def test_fluent_bit_ships_to_elasticsearch_over_verified_tls() -> None:
    config = shipper_config(host="es.acme.example", port=9200, path="/proxy", index="ml-platform")
    assert config["outputs"] == (
        "[OUTPUT]\n"
        "    Name               es\n"
        "    Match              kube.*\n"
        "    Host               es.acme.example\n"
        "    Port               9200\n"
        "    Path               /proxy\n"
        "    HTTP_User          ${ES_USERNAME}\n"
        "    HTTP_Passwd        ${ES_PASSWORD}\n"
        "    tls                On\n"
        "    tls.verify         On\n"
        "    Logstash_Format    On\n"
        "    Logstash_Prefix    ml-platform\n"
        "    Suppress_Type_Name On\n"
        "    Replace_Dots       On\n"
        "    Trace_Error        On\n"
        "    Retry_Limit        False\n"
    )
    assert "    Merge_Log           On\n" in config["filters"]
    assert "    multiline.parser cri\n" in config["inputs"]
    values = fluent_bit_values(config=config, credentials_secret="elasticsearch-credentials", resources={})
    assert values["env"] == CREDENTIALS
    assert values["daemonSetVolumes"] == [{"name": "varlog", "hostPath": {"path": "/var/log"}}]
    assert values["tolerations"] == [{"operator": "Exists"}]


@pytest.mark.parametrize(
    ("props", "message"),
    [
        (
            {"host": "ES.acme"},
            "shipper_config: 'host' ('ES.acme') must be a DNS name such as elasticsearch.acme.example",
        ),
        ({"port": 0}, "shipper_config: 'port' (0) must be 1..65535"),
        ({"index": "Logs"}, "shipper_config: 'index' ('Logs') must be a lowercase index name such as ml-platform"),
        ({"path": "proxy"}, "shipper_config: 'path' ('proxy') must be empty or a URL path such as /elasticsearch"),
    ],
)
def test_shipper_config_rejects_bad_props(props: dict[str, Any], message: str) -> None:
    with pytest.raises(PropError) as info:
        shipper_config(**{"host": "es.acme.example", "port": 443, "path": "", "index": "ml", **props})
    assert info.value.message == message


def test_the_chart_values_are_valid_for_the_pinned_charts() -> None:
    collector = collector_values(name="c", jaeger_host="j", replicas=2, resources=COLLECTOR_RESOURCES)
    jaeger = jaeger_values(
        elasticsearch_url="https://es.acme.example",
        index_prefix="jaeger",
        credentials_secret="s",
        replicas=2,
        resources=JAEGER_RESOURCES,
    )
    config = shipper_config(host="es.acme.example", port=443, path="", index="ml")
    fluent = fluent_bit_values(config=config, credentials_secret="s", resources=FLUENT_BIT_RESOURCES)
    assert values_problems("opentelemetry-collector", "0.170.0", collector) == []
    assert values_problems("jaeger", "4.11.1", jaeger) == []
    assert values_problems("fluent-bit", "0.58.1", fluent) == []
    assert values_problems("fluent-bit", "0.58.1", {**fluent, "daemonsetVolumes": []})[0][0] == "daemonsetVolumes"


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_every_committed_cluster_traces_and_ships_logs(cluster: str) -> None:
    env = cluster.split("-")[1]
    telemetry = _dist(cluster, "configs/istio-system/telemetry-mesh-default.yaml")
    assert telemetry["spec"]["tracing"] == [
        {"providers": [{"name": "otel-tracing"}], "randomSamplingPercentage": SAMPLING[env]}
    ]
    istiod = _dist(cluster, "controllers/istio-system/helmrelease-istiod.yaml")["spec"]["values"]["meshConfig"]
    assert istiod["extensionProviders"] == [
        {"name": "otel-tracing", "opentelemetry": {"service": "otel-collector.tracing.svc.cluster.local", "port": 4317}}
    ]
    settings = _dist(cluster, f"apps/ml-{env}/configmap-ml-platform-settings.yaml")["data"]
    assert settings["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector.tracing.svc.cluster.local:4317"
    assert settings["OTEL_TRACES_SAMPLER_ARG"] == {"dev": "1", "staging": "0.1", "production": "0.01"}[env]
    for namespace, level in (("tracing", "restricted"), ("logging", "privileged")):
        labels = _dist(cluster, f"controllers/namespace-{namespace}.yaml")["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] == level
        secret = _dist(cluster, f"configs/{namespace}/externalsecret-elasticsearch-credentials.yaml")["spec"]
        assert {d["remoteRef"]["key"] for d in secret["data"]} == {f"ml-platform-{env}-elasticsearch"}
    store = _dist(cluster, "configs/clustersecretstore-cloud-secrets.yaml")["spec"]["conditions"]
    assert {"logging", "tracing"} <= set(store[0]["namespaces"])
    host = {"production": "elasticsearch.ml.acme.example"}.get(env, f"elasticsearch.{env}.ml.acme.example")
    fluent = _dist(cluster, "controllers/logging/helmrelease-fluent-bit.yaml")["spec"]["values"]
    assert f"    Host               {host}\n" in fluent["config"]["outputs"]
    replicas = 1 if env == "dev" else 2
    collector = _dist(cluster, "controllers/tracing/helmrelease-otel-collector.yaml")["spec"]["values"]
    assert collector["replicaCount"] == replicas
    egress = _dist(cluster, f"apps/ml-{env}/networkpolicy-allow-tracing.yaml")["spec"]["egress"]
    assert egress[0]["ports"] == [{"port": 4317, "protocol": "TCP"}, {"port": 4318, "protocol": "TCP"}]


def _synth_with(settings_copy: Path, text: str) -> dict[str, bytes]:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(staging.read_text().split("tracing:")[0] + text)
    return synthesize(settings_copy, terraform=False).tree


def test_tracing_off_leaves_the_collector_jaeger_and_the_mesh_provider_out(settings_copy: Path) -> None:
    tree = _synth_with(settings_copy, "tracing: {enabled: false}\n")
    paths = [p for p in tree if p.startswith("k8s/aws-staging/")]
    assert not [p for p in paths if "/tracing" in p or "telemetry-" in p or "allow-tracing" in p]
    assert [p for p in paths if "/logging/" in p and "externalsecret" in p] == [
        "k8s/aws-staging/configs/logging/externalsecret-elasticsearch-credentials.yaml"
    ]
    istiod: dict[str, Any] = yaml.safe_load(tree["k8s/aws-staging/controllers/istio-system/helmrelease-istiod.yaml"])
    assert istiod["spec"]["values"]["meshConfig"] == {"accessLogFile": "/dev/stdout"}
    config_map = "k8s/aws-staging/apps/ml-staging/configmap-ml-platform-settings.yaml"
    settings: dict[str, Any] = yaml.safe_load(tree[config_map])
    assert settings["data"]["OTEL_TRACES_EXPORTER"] == "none"
    assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in settings["data"]


def test_both_off_leave_no_credentials_and_no_store_access(settings_copy: Path) -> None:
    tree = _synth_with(settings_copy, "tracing: {enabled: false}\nlogging: {enabled: false}\n")
    paths = [p for p in tree if p.startswith("k8s/gcp-staging/")]
    assert not [p for p in paths if "elasticsearch" in p or "/logging" in p or "/tracing" in p]
    store: dict[str, Any] = yaml.safe_load(tree["k8s/gcp-staging/configs/clustersecretstore-cloud-secrets.yaml"])
    assert store["spec"]["conditions"] == [{"namespaces": ["ml-staging", "monitoring"]}]


def test_without_the_mesh_the_workloads_still_trace(settings_copy: Path) -> None:
    # a progressive delivery needs the mesh: without it, releases roll
    tree = _synth_with(settings_copy, "mesh: false\ndelivery: {strategy: rolling}\n")
    paths = [p for p in tree if p.startswith("k8s/azure-staging/")]
    assert not [p for p in paths if "telemetry-" in p or "/istio-system/" in p]
    assert "k8s/azure-staging/controllers/tracing/helmrelease-otel-collector.yaml" in paths
    assert "k8s/azure-staging/apps/ml-staging/networkpolicy-allow-tracing.yaml" in paths
