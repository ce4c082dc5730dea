"""Progressive delivery: each cluster carries the Canary its environment's ``delivery`` asks for, gated on the
alert thresholds with PromQL over exported metrics only; Flagger's own objects are never in dist/; a release
(one image edit) changes only that image."""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.k8s.constructs.progressive_delivery import error_ratio_query, p95_latency_query
from fleetform.synth import synthesize
from tests.k8s.test_dashboards import KNOWN, metric_names

CLUSTERS = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]


def _load(repo: Path, cluster: str, name: str) -> dict[str, Any] | None:
    env = cluster.split("-", 1)[1]
    path = repo / f"dist/k8s/{cluster}/apps/ml-{env}/{name}.yaml"
    return yaml.safe_load(path.read_text()) if path.is_file() else None


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_each_cluster_carries_the_strategy_its_environment_sets(repo: Path, cluster: str) -> None:
    env = cluster.split("-", 1)[1]
    canary = _load(repo, cluster, "canary-api")
    flagger = repo / f"dist/k8s/{cluster}/controllers/flagger-system/helmrelease-flagger.yaml"
    if env == "dev":  # rolling: the Deployment's own update, the hand-written Service and route
        assert canary is None and not flagger.exists()
        assert _load(repo, cluster, "service-api") is not None
        assert _load(repo, cluster, "virtualservice-api") is not None
        return
    assert canary is not None and flagger.is_file()
    analysis = canary["spec"]["analysis"]
    steps = {k: v for k, v in analysis.items() if k != "metrics"}
    if env == "staging":
        assert steps == {"interval": "1m", "threshold": 5, "stepWeight": 10, "maxWeight": 50}
    else:
        assert steps == {"interval": "1m", "threshold": 5, "iterations": 10, "mirror": True}
    assert [(m["name"], m["templateRef"]["name"], m["thresholdRange"]) for m in analysis["metrics"]] == [
        ("error-ratio", "api-error-ratio", {"max": 0.01}),
        ("p95-latency", "api-p95-latency", {"max": 0.5}),
    ]
    host = f"api.{env}.{cluster.split('-')[0]}.ml.acme.example"
    service = canary["spec"]["service"]
    assert (service["hosts"], service["gateways"], service["port"], service["targetPort"]) == (
        [host],
        ["istio-ingress/api-gateway"],
        80,
        "http",
    )
    # Flagger owns these: a hand-written copy would be fought over at every reconcile.
    assert _load(repo, cluster, "service-api") is None
    assert _load(repo, cluster, "virtualservice-api") is None
    assert _load(repo, cluster, "destinationrule-model-worker") is not None


@pytest.mark.parametrize("query", [error_ratio_query(), p95_latency_query()])
def test_gate_queries_parse_and_name_only_exported_metrics(query: str) -> None:
    concrete = query.replace("{{ namespace }}", "ml-staging").replace("{{ target }}", "api")
    concrete = concrete.replace("{{ interval }}", "1m")
    assert metric_names(concrete) <= KNOWN
    assert metric_names(concrete) in ({"http_requests_total"}, {"http_request_duration_seconds_bucket"})


def test_the_gate_follows_the_alert_thresholds(settings_copy: Path, tmp_path: Path) -> None:
    path = settings_copy / "environments/staging.yaml"
    text = path.read_text()
    path.write_text(text.replace("alerts:\n", "alerts:\n  error_ratio: 0.02\n  p95_latency_seconds: 0.25\n", 1))
    tree = synthesize(settings_copy, out=tmp_path / "out", exact=True).tree
    canary = yaml.safe_load(tree["k8s/aws-staging/apps/ml-staging/canary-api.yaml"])
    assert [m["thresholdRange"] for m in canary["spec"]["analysis"]["metrics"]] == [{"max": 0.02}, {"max": 0.25}]


def test_a_release_changes_only_the_api_image_of_that_environment(
    repo: Path, settings_copy: Path, tmp_path: Path
) -> None:
    digest = "sha256:" + "1" * 64
    path = settings_copy / "environments/staging.yaml"
    path.write_text(
        path.read_text()
        + "release:\n  images:\n    api:\n      repository: ghcr.io/acme/ml-platform/api\n"
        + f'      tag: "1.4.3"\n      digest: "{digest}"\n'
    )
    tree = synthesize(settings_copy, out=tmp_path / "out", exact=True).tree
    changed = {p for p, data in tree.items() if (repo / "dist" / p).read_bytes() != data}
    deployments = {f"k8s/{cloud}-staging/apps/ml-staging/deployment-api.yaml" for cloud in ("aws", "azure", "gcp")}
    assert changed == {"manifest.json", *deployments}
    for name in deployments:
        before = (repo / "dist" / name).read_text().splitlines()
        after = tree[name].decode().splitlines()
        assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
            (
                "        image: ghcr.io/acme/ml-platform/api:1.4.2@sha256:"
                "3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c",
                f"        image: ghcr.io/acme/ml-platform/api:1.4.3@{digest}",
            )
        ]


def test_flaggers_image_is_admitted_where_gke_allowlists_registries(repo: Path) -> None:
    from fleetform.terraform.gcp.admission import CONTROLLER_REGISTRIES

    release = yaml.safe_load(
        (repo / "dist/k8s/gcp-production/controllers/flagger-system/helmrelease-flagger.yaml").read_text()
    )
    image = release["spec"]["values"]["image"]
    assert image == {"repository": "ghcr.io/fluxcd/flagger", "tag": "1.44.0"}
    assert [p for p in CONTROLLER_REGISTRIES if fnmatch.fnmatch(f"{image['repository']}:{image['tag']}", p)] == [
        "ghcr.io/fluxcd/*"
    ]
