"""The gate knows what Flagger makes of a Canary: the primary's pods (the selector label set to
``<value>-primary``), the apex, primary and canary Services with their labels and discovered ports, the primary's
HPA, the VirtualService and DestinationRules; so the API's ServiceMonitor and PDB are checked against them, and a
cluster without the Canary (or without Flagger) is flagged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from fleetform.integrity.api import check_paths
from fleetform.integrity.canaries import DEFAULT_SELECTOR_LABELS, canary_production, selector_labels
from fleetform.integrity.load import by_cluster, cluster_of_files, read_paths
from fleetform.integrity.rules import RULES
from fleetform.integrity.world import Release

ROOT = Path(__file__).resolve().parents[2]
NO_WAIVERS = Path(__file__).resolve().parent / "fixtures" / "no-waivers.yaml"
TODAY = dt.date(2026, 11, 30)


def _copy(tmp_path: Path, cluster: str) -> Path:
    shutil.copytree(ROOT / "dist" / "k8s" / cluster, tmp_path / "dist" / "k8s" / cluster)
    return tmp_path / "dist"


def _findings(rule_id: str, about: str) -> list[str]:
    """Findings of ``rule_id`` in the files named ``about`` (the Terraform half is not copied: the cloud's own
    controllers are unknown, and the rules say so about other objects)."""
    rules = [rule for rule in RULES if rule_id == rule.ID]
    report = check_paths([Path("dist")], waivers=NO_WAIVERS, today=TODAY, rules=rules)
    return [f.text for f in report.findings if about in f.text.split(":", 1)[0]]


def test_flagger_makes_the_primary_and_its_services(tmp_path: Path) -> None:
    dist = _copy(tmp_path, "aws-staging")
    (files,) = by_cluster(read_paths([dist.as_posix()])).values()
    cluster = cluster_of_files(files, TODAY)
    assert cluster is not None
    releases = [Release(obj) for obj in cluster.of_kind("HelmRelease")]
    assert selector_labels(releases) == ("app.kubernetes.io/instance",)
    made = canary_production(cluster, releases)
    assert [
        (p.kind, p.name, p.labels["app.kubernetes.io/instance"], p.labels["app.kubernetes.io/name"]) for p in made.pods
    ] == [("Deployment", "api-primary", "api-staging-primary", "api")]
    services = {o.name: o for o in made.objects if o.kind == "Service"}
    assert {name: dict(o.spec["selector"]) for name, o in services.items()} == {
        "api": {"app.kubernetes.io/instance": "api-staging-primary"},
        "api-primary": {"app.kubernetes.io/instance": "api-staging-primary"},
        "api-canary": {"app.kubernetes.io/instance": "api-staging"},
    }
    assert [p["name"] for p in services["api-canary"].spec["ports"]] == ["http", "metrics"]
    assert services["api"].labels == {"app.kubernetes.io/instance": "api"}
    assert services["api-primary"].labels["app.kubernetes.io/name"] == "api"
    assert sorted((o.kind, o.name) for o in made.objects if o.kind != "Service") == [
        ("Deployment", "api-primary"),
        ("DestinationRule", "api-canary"),
        ("DestinationRule", "api-primary"),
        ("HorizontalPodAutoscaler", "api-primary"),
        ("VirtualService", "api"),
    ]


def test_without_flaggers_release_the_default_selector_labels_apply() -> None:
    assert selector_labels([]) == DEFAULT_SELECTOR_LABELS


def test_the_api_monitor_needs_the_canary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = _copy(tmp_path, "gcp-production")
    monkeypatch.chdir(tmp_path)
    assert _findings("integrity-selectors", "servicemonitor-api") == []
    (dist / "k8s/gcp-production/apps/ml-production/canary-api.yaml").unlink()
    assert _findings("integrity-selectors", "servicemonitor-api") == [
        "dist/k8s/gcp-production/apps/ml-production/servicemonitor-api.yaml:13: monitoring.coreos.com/v1 "
        "ServiceMonitor ml-production/api: [integrity-selectors] spec.selector: selects no Service of "
        "gcp-production (app.kubernetes.io/component=inference-api, app.kubernetes.io/name=api); "
        "expected a Service with these labels"
    ]


def test_a_canary_needs_flagger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = _copy(tmp_path, "azure-staging")
    monkeypatch.chdir(tmp_path)
    shutil.rmtree(dist / "k8s/azure-staging/controllers/flagger-system")
    assert _findings("integrity-controllers", "canary-api") == [
        "dist/k8s/azure-staging/apps/ml-staging/canary-api.yaml:1: flagger.app/v1beta1 Canary ml-staging/api: "
        "[integrity-controllers] apiVersion: kind Canary (flagger.app/v1beta1): no CRD of group flagger.app is "
        "installed in azure-staging; expected a HelmRelease of chart flagger"
    ]
