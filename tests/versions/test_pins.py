"""Pins read back from a cluster's synthesized objects and Terraform stack, and the settings' pins."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import yaml

from fleetform.settings import load_settings
from fleetform.settings.pins import platform_pins
from fleetform.versions import Pin, pins_of, support_problems


def _dist(repo: Path, cluster: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    objects = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((repo / "dist/k8s" / cluster).rglob("*.yaml"))
        if path.name != "kustomization.yaml"
    ]
    stack = json.loads((repo / "dist/terraform" / cluster / "cdk.tf.json").read_text(encoding="utf-8"))
    return objects, stack


def test_pins_of_each_committed_cluster(repo: Path) -> None:
    charts = [
        Pin("cert-manager", "v1.21.1"),
        Pin("external-secrets", "2.9.0"),
        Pin("falco", "9.1.0"),
        Pin("flagger", "1.44.0"),
        Pin("fluent-bit", "0.58.1"),
        Pin("flux", "v2.9.4"),
        Pin("istio", "1.30.3"),
        Pin("jaeger", "4.11.1"),
        Pin("kube-prometheus-stack", "88.5.3"),
        Pin("opentelemetry-collector", "0.170.0"),
        Pin("velero", "12.1.0"),
    ]
    #: the cloud's own controllers (EKS: the load balancer controller of the ALB's target group binding, Karpenter).
    own = {"aws": [Pin("aws-load-balancer-controller", "3.5.0"), Pin("karpenter", "1.14.1")], "azure": [], "gcp": []}
    for cloud, service in (("aws", "eks"), ("azure", "aks"), ("gcp", "gke")):
        objects, stack = _dist(repo, f"{cloud}-production")
        cloud_charts = sorted([*charts, *own[cloud]])
        assert pins_of(objects, stack) == sorted([*cloud_charts, Pin(service, "1.35")]), cloud
        assert pins_of(objects) == cloud_charts
        assert support_problems(pins_of(objects, stack), datetime.date(2026, 11, 30)) == []


def test_pins_of_reads_helm_releases_flux_labels_and_cluster_resources() -> None:
    release = {
        "apiVersion": "helm.toolkit.fluxcd.io/v2",
        "kind": "HelmRelease",
        "spec": {"chart": {"spec": {"chart": "gateway", "version": "1.30.3"}}},
    }
    unknown = {**release, "spec": {"chart": {"spec": {"chart": "kured", "version": "5.0.0"}}}}
    chart_ref = {**release, "spec": {"chartRef": {"kind": "OCIRepository", "name": "x"}}}
    flux = {
        "kind": "Deployment",
        "metadata": {"labels": {"app.kubernetes.io/part-of": "flux", "app.kubernetes.io/version": "v2.9.4"}},
    }
    other = {"kind": "Deployment", "metadata": {"labels": {"app.kubernetes.io/version": "1.4.2"}}}
    stack = {
        "resource": {
            "aws_eks_cluster": {"eks": {"version": "1.35"}},
            "google_container_cluster": {"gke": {"min_master_version": "${var.v}"}},
        }
    }
    assert pins_of([release, unknown, chart_ref, flux, other, release], stack) == [
        Pin("eks", "1.35"),
        Pin("flux", "v2.9.4"),
        Pin("istio", "1.30.3"),
        Pin("kured", "5.0.0"),
    ]


def test_settings_pins_name_their_key(repo: Path) -> None:
    pins = platform_pins(load_settings(repo / "settings").platform)
    assert [(str(pin), ".".join(map(str, path))) for pin, path in pins] == [
        ("eks 1.35", "kubernetes_version"),
        ("aks 1.35", "kubernetes_version"),
        ("gke 1.35", "kubernetes_version"),
        ("flux v2.9.4", "flux_version"),
        ("istio 1.30.3", "charts.istio"),
        ("cert-manager v1.21.1", "charts.cert_manager"),
        ("kube-prometheus-stack 88.5.3", "charts.kube_prometheus_stack"),
        ("velero 12.1.0", "charts.velero"),
        ("external-secrets 2.9.0", "charts.external_secrets"),
        ("karpenter 1.14.1", "charts.karpenter"),
        ("aws-load-balancer-controller 3.5.0", "charts.aws_load_balancer_controller"),
        ("nvidia-device-plugin 0.20.0", "charts.nvidia_device_plugin"),
        ("opentelemetry-collector 0.170.0", "charts.opentelemetry_collector"),
        ("jaeger 4.11.1", "charts.jaeger"),
        ("fluent-bit 0.58.1", "charts.fluent_bit"),
        ("falco 9.1.0", "charts.falco"),
        ("flagger 1.44.0", "charts.flagger"),
    ]
