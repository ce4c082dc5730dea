"""integrity-helm-values on trees written here: the chart of a ``chartRef`` is the referenced source's, keys
that hold dots are located at their own line, and every committed release passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fleetform.integrity.api import check_tree
from fleetform.integrity.rules import helm_values

NO_WAIVERS = Path(__file__).resolve().parent / "fixtures" / "no-waivers.yaml"
TODAY = dt.date(2026, 11, 30)
CHART_SOURCE = b"""apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmChart
metadata: {name: velero, namespace: flux-system}
spec: {chart: velero, version: 12.1.0, sourceRef: {kind: HelmRepository, name: vmware-tanzu}}
---
"""
RELEASE = b"""apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: velero, namespace: velero}
spec:
  chartRef: {kind: HelmChart, name: velero, namespace: flux-system}
  values:
    serviceAccount:
      server:
        annotations:
          eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/velero
        nmae: velero-server
"""


def _findings(tree: dict[str, bytes]) -> list[str]:
    report = check_tree(tree, waivers=NO_WAIVERS, today=TODAY, rules=[helm_values])
    return [f.text for f in report.findings]


def test_a_chart_ref_is_checked_against_the_referenced_chart_version() -> None:
    assert _findings({"k8s/aws-dev/controllers/velero.yaml": CHART_SOURCE + RELEASE}) == [
        "dist/k8s/aws-dev/controllers/velero.yaml:16: helm.toolkit.fluxcd.io/v2 HelmRelease velero/velero: "
        "[integrity-helm-values] spec.values.serviceAccount.server.nmae: unknown key: chart velero 12.1.0 reads no "
        "such value; expected a key of its values.yaml such as 'name'"
    ]


def test_an_unknown_chart_ref_source_is_a_finding_at_the_ref() -> None:
    assert _findings({"k8s/aws-dev/controllers/velero.yaml": RELEASE}) == [
        "dist/k8s/aws-dev/controllers/velero.yaml:5: helm.toolkit.fluxcd.io/v2 HelmRelease velero/velero: "
        "[integrity-helm-values] spec.chartRef: chart source HelmChart velero is not in aws-dev, so its chart "
        "version cannot be checked; expected spec.chart.spec (chart, version), or a chartRef to an OCIRepository "
        "with ref.tag or a HelmChart of the tree"
    ]


def test_a_key_holding_dots_is_located_at_its_line() -> None:
    release = RELEASE.replace(b"        nmae: velero-server\n", b"        velero.io/name: velero-server\n")
    assert _findings({"k8s/aws-dev/controllers/velero.yaml": CHART_SOURCE + release}) == [
        "dist/k8s/aws-dev/controllers/velero.yaml:16: helm.toolkit.fluxcd.io/v2 HelmRelease velero/velero: "
        "[integrity-helm-values] spec.values.serviceAccount.server.velero.io/name: unknown key: chart velero 12.1.0 "
        "reads no such value; expected a key of its values.yaml"
    ]
