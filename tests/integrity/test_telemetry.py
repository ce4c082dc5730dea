"""The gate and the telemetry charts: their pods are known (the NetworkPolicies of their namespaces select
them), and every Secret a HelmRelease's values read through ``secretKeyRef`` must be produced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fleetform.integrity.api import check_tree

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 30)


def _cluster(cluster: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for half in ("k8s", "terraform"):
        folder = ROOT / "dist" / half / cluster
        files = (p for p in folder.rglob("*") if p.is_file())
        out |= {f"{half}/{cluster}/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in files}
    return out


def _telemetry_findings(tree: dict[str, bytes]) -> list[str]:
    report = check_tree(tree, waivers=FIXTURES / "no-waivers.yaml", today=TODAY)
    return [f.text for f in report.findings if "/tracing/" in f.text or "/logging/" in f.text]


def test_the_committed_telemetry_objects_pass_the_gate() -> None:
    assert _telemetry_findings(_cluster("gcp-production")) == []


def test_a_credentials_secret_no_external_secret_makes_is_reported_at_the_release() -> None:
    tree = _cluster("azure-staging")
    del tree["k8s/azure-staging/configs/logging/externalsecret-elasticsearch-credentials.yaml"]
    assert _telemetry_findings(tree) == [
        "dist/k8s/azure-staging/controllers/logging/helmrelease-fluent-bit.yaml:76: helm.toolkit.fluxcd.io/v2 "
        "HelmRelease logging/fluent-bit: [integrity-refs] spec.values.env[0].valueFrom.secretKeyRef.name: Secret "
        "logging/elasticsearch-credentials (key username, key password of values) does not exist in "
        "azure-staging: not in dist/ and no producer makes it; expected the Secret made in the cluster (an "
        "ExternalSecret from the cloud's secret store, a Certificate), never its data in dist/"
    ]


def test_policies_of_the_tracing_namespace_select_the_charts_pods() -> None:
    tree = _cluster("aws-production")
    del tree["k8s/aws-production/controllers/tracing/helmrelease-jaeger.yaml"]
    found = _telemetry_findings(tree)
    assert [line.split(": [")[1].split("]")[0] for line in found] == ["integrity-selectors"]
    assert "NetworkPolicy tracing/allow-internet" in found[0]
    assert "selects no pod in tracing of aws-production (app.kubernetes.io/instance=jaeger" in found[0]
