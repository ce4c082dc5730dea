"""integrity-helm-values: every HelmRelease's values are values its chart version reads.

Helm ignores a key the chart does not read (a typo, a key renamed or removed by an upgrade) and renders
whatever the templates make of a value outside what they expect; some templates fail only in the cluster
(Istio's charts ``fail`` on a ``global.platform`` without a profile file, e.g. ``gke`` before 1.25). Each
release's ``spec.values`` is checked against the values schema fleetform derives from its chart version's
vendored ``values.yaml`` (and ``values.schema.json`` where the chart has one): :func:`fleetform.charts.
values_problems_at`. Unknown keys, wrong types, values outside an enum and missing required keys are
findings, at the values key; so is a release whose chart version has no vendored data, at its version (no
chart is out of scope: vendor its data, ``fleetform schemas vendor``).

The chart and version are ``spec.chart.spec`` (``chart``, ``version``) or, for ``spec.chartRef``, the
referenced object of the tree: an ``OCIRepository`` (the chart is the last part of its ``url``, the version
its ``ref.tag``) or a ``HelmChart`` (``chart``, ``version``). Values a release takes from ConfigMaps and
Secrets (``valuesFrom``) are not in the tree's objects and are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from fleetform.charts import values_problems_at
from fleetform.integrity.model import Cluster, Obj, Path, Problem, dig

ID = "integrity-helm-values"
SUMMARY = "every HelmRelease's values are keys and values its pinned chart version reads (vendored values schema)"


def check(cluster: Cluster) -> Iterator[Problem]:
    for release in cluster.of_kind("HelmRelease"):
        if not release.api_version.startswith("helm.toolkit.fluxcd.io/"):
            continue
        resolved = _chart(cluster, release)
        if isinstance(resolved, Problem):
            yield resolved
            continue
        chart, version, at = resolved
        values = release.spec.get("values")
        for path, message in values_problems_at(chart, version, values if isinstance(values, dict) else {}):
            yield Problem(release, message, ("spec", "values", *path) if path else at)


def _chart(cluster: Cluster, release: Obj) -> tuple[str, str, Path] | Problem:
    """``(chart, version, where the version is set)`` of ``release``, or the problem that it has none."""
    spec = dig(release.spec, "chart", "spec") or {}
    if spec:
        return str(spec.get("chart") or ""), str(spec.get("version") or ""), ("spec", "chart", "spec", "version")
    ref = release.spec.get("chartRef") or {}
    kind, name = str(dig(ref, "kind") or ""), str(dig(ref, "name") or "")
    source = cluster.get(kind, str(dig(ref, "namespace") or release.namespace), name)
    if kind == "OCIRepository" and source is not None:
        url, tag = str(source.spec.get("url") or ""), str(dig(source.spec, "ref", "tag") or "")
        return url.rstrip("/").rpartition("/")[2], tag, ("spec", "chartRef")
    if kind == "HelmChart" and source is not None:
        return str(source.spec.get("chart") or ""), str(source.spec.get("version") or ""), ("spec", "chartRef")
    message = (
        f"chart source {kind or '(no kind)'} {name or '(no name)'} is not in {cluster.id}, so its chart version "
        "cannot be checked; expected spec.chart.spec (chart, version), or a chartRef to an OCIRepository with "
        "ref.tag or a HelmChart of the tree"
    )
    return Problem(release, message, ("spec", "chartRef") if ref else ("spec",))
