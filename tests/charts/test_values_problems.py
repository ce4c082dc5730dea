"""HelmRelease values against the vendored values schemas of the pinned charts."""

from __future__ import annotations

from pathlib import Path

import yaml

from fleetform.charts import values_problems
from fleetform.charts.problems import _load


def _unknown(chart: str, close: str = "") -> str:
    such = f" such as '{close}'" if close else ""
    return f"unknown key: chart {chart} reads no such value; expected a key of its values.yaml{such}"


def test_every_committed_helm_release_has_valid_values(repo: Path) -> None:
    checked = set()
    for path in sorted((repo / "dist/k8s").glob("*/controllers/*/helmrelease-*.yaml")):
        release = yaml.safe_load(path.read_text(encoding="utf-8"))
        chart = release["spec"]["chart"]["spec"]
        assert values_problems(chart["chart"], chart["version"], release["spec"].get("values", {})) == [], path
        checked.add((chart["chart"], chart["version"]))
    assert sorted(checked) == [
        ("aws-load-balancer-controller", "3.5.0"),
        ("base", "1.30.3"),
        ("cert-manager", "v1.21.1"),
        ("cni", "1.30.3"),
        ("external-secrets", "2.9.0"),
        ("falco", "9.1.0"),
        ("flagger", "1.44.0"),
        ("fluent-bit", "0.58.1"),
        ("gateway", "1.30.3"),
        ("istiod", "1.30.3"),
        ("jaeger", "4.11.1"),
        ("karpenter", "1.14.1"),
        ("kube-prometheus-stack", "88.5.3"),
        ("opentelemetry-collector", "0.170.0"),
        ("velero", "12.1.0"),
    ]


def test_typos_wrong_types_and_unknown_platforms_are_reported() -> None:
    istiod = {"pilot": {"cni": {"enabeld": True}}, "global": {"platform": "eks"}, "meshConfig": {"anything": 1}}
    assert values_problems("istiod", "1.30.3", istiod) == [
        (
            "global.platform",
            '"eks" is not allowed; expected one of: "", null, "gke", "k3d", "k3s", "microk8s", "minikube", "openshift"',
        ),
        ("pilot.cni.enabeld", _unknown("istiod 1.30.3", "enabled")),
    ]
    assert values_problems("gateway", "1.30.3", {"autoscaling": {"minReplicas": "2"}}) == [
        ("autoscaling.minReplicas", 'got "2"; expected type integer')
    ]
    removed_in_1_21 = {"prometheus": {"servicemonitor": {"targetPort": 9402}}, "crds": {"enabled": True}}
    assert values_problems("cert-manager", "v1.21.1", removed_in_1_21) == [
        ("prometheus.servicemonitor.targetPort", _unknown("cert-manager v1.21.1"))
    ]
    kps = {"grafana": {"adminPasword": "x", "admin": {"existingSecret": "grafana-admin"}}}
    assert values_problems("kube-prometheus-stack", "88.5.3", kps) == [
        ("grafana.adminPasword", _unknown("kube-prometheus-stack 88.5.3", "adminPassword"))
    ]
    assert values_problems("velero", "12.1.0", {"configuration": {"backupStorageLocation": [{"name": "x"}]}}) == [
        ("configuration.backupStorageLocation[0]", '"bucket" is a required property; expected it set'),
        ("configuration.backupStorageLocation[0]", '"provider" is a required property; expected it set'),
    ]


def test_documented_but_commented_out_keys_are_accepted() -> None:
    spec = {"alertmanager": {"alertmanagerSpec": {"configSecret": "alertmanager-config", "useExistingSecret": True}}}
    assert values_problems("kube-prometheus-stack", "88.5.3", spec) == []


def test_a_chart_version_without_vendored_data() -> None:
    assert values_problems("velero", "8.5.0", {}) == [
        (
            "",
            "no vendored values schema for chart velero version 8.5.0; expected a version with vendored data "
            "(fleetform schemas list), or vendor it: fleetform schemas vendor --from DIR "
            "(README: 'Vendored upstream data')",
        )
    ]


def test_compiled_schemas_are_reused() -> None:
    values_problems("cni", "1.30.3", {})
    before = _load.cache_info()
    for _ in range(50):
        values_problems("cni", "1.30.3", {"global": {"platform": "gke"}})
    after = _load.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (50, 0)
