"""integrity-versions: a pin is a finding from the day after its end of support (the run's date, not the
synth's), at every place that pins it; a support exception accepts it until the exception expires."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from fleetform.integrity.api import check_tree
from fleetform.integrity.rules import versions

NO_WAIVERS = Path(__file__).resolve().parent / "fixtures" / "no-waivers.yaml"
SOURCE = "(README: 'Vendored upstream data')"


def _release(name: str, chart: str, version: str) -> str:
    return (
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
        f"metadata: {{name: {name}, namespace: istio-system}}\n"
        "spec:\n  chart:\n    spec:\n"
        f"      chart: {chart}\n      version: {version}\n"
        "      sourceRef: {kind: HelmRepository, name: istio, namespace: flux-system}\n"
    )


TREE = {
    "k8s/aws-dev/controllers/istio.yaml": "---\n".join(
        [_release("istio-base", "base", "1.30.3"), _release("istiod", "istiod", "1.30.3")]
    ).encode(),
    "k8s/aws-dev/controllers/eso.yaml": _release("external-secrets", "external-secrets", "2.9.0").encode(),
    "k8s/aws-dev/flux/gotk.yaml": (
        b"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: source-controller\n  namespace: flux-system\n"
        b"  labels:\n    app.kubernetes.io/part-of: flux\n    app.kubernetes.io/version: v2.9.4\n"
    ),
    "terraform/aws-dev/cdk.tf.json": json.dumps(
        {"resource": {"aws_eks_cluster": {"eks": {"name": "ml-platform-dev-eks", "version": "1.35"}}}}, indent=2
    ).encode(),
}


def _findings(today: dt.date) -> list[str]:
    report = check_tree(TREE, waivers=NO_WAIVERS, today=today, rules=[versions])
    return [f.text for f in report.findings]


def test_no_pin_is_past_its_end_of_support_on_the_end_date() -> None:
    assert _findings(dt.date(2027, 1, 6)) == []  # Istio 1.30's estimated end; ESO's exception runs to 2027-01-31


def test_a_pin_is_flagged_the_day_after_at_every_release_that_pins_it() -> None:
    ended = (
        "istio 1.30.3: end of support was 2027-01-06 (estimated) (source: "
        "https://istio.io/latest/docs/releases/supported-releases/#support-policy); expected a supported release: "
        "pin one in settings/platform.yaml (charts.istio) and vendor its data: fleetform schemas vendor --from DIR "
        f"{SOURCE}"
    )
    assert _findings(dt.date(2027, 1, 7)) == [
        "dist/k8s/aws-dev/controllers/istio.yaml:8: helm.toolkit.fluxcd.io/v2 HelmRelease istio-system/istio-base: "
        f"[integrity-versions] spec.chart.spec.version: {ended}",
        "dist/k8s/aws-dev/controllers/istio.yaml:18: helm.toolkit.fluxcd.io/v2 HelmRelease istio-system/istiod: "
        f"[integrity-versions] spec.chart.spec.version: {ended}",
    ]


def test_a_support_exception_accepts_a_pin_until_it_expires() -> None:
    assert [f for f in _findings(dt.date(2027, 1, 31)) if "external-secrets" in f] == []
    assert [f for f in _findings(dt.date(2027, 2, 1)) if "external-secrets" in f] == [
        "dist/k8s/aws-dev/controllers/eso.yaml:8: helm.toolkit.fluxcd.io/v2 HelmRelease "
        "istio-system/external-secrets: [integrity-versions] spec.chart.spec.version: external-secrets 2.9.0: end "
        "of support was 2026-09-11 (estimated) (source: https://external-secrets.io/latest/introduction/stability-"
        "support/); its exception (owner ml-platform-team) expired on 2027-01-31; expected a supported release: "
        "pin one in settings/platform.yaml (charts.external_secrets) and vendor its data: fleetform schemas vendor "
        f"--from DIR {SOURCE}"
    ]


def test_flux_and_kubernetes_pins_are_located_at_their_label_and_cluster_resource() -> None:
    found = _findings(dt.date(2027, 7, 1))
    assert [f.partition(": ")[0] + " " + f.split("] ")[1].partition(":")[0] for f in found] == [
        "dist/k8s/aws-dev/controllers/eso.yaml:8 spec.chart.spec.version",
        "dist/k8s/aws-dev/controllers/istio.yaml:8 spec.chart.spec.version",
        "dist/k8s/aws-dev/controllers/istio.yaml:18 spec.chart.spec.version",
        "dist/k8s/aws-dev/flux/gotk.yaml:8 metadata.labels.app.kubernetes.io/version",
        "dist/terraform/aws-dev/cdk.tf.json:4 version",
    ]
    assert found[3].endswith(
        "v2.9.4: end of support was 2027-06-30 (estimated) (source: https://fluxcd.io/flux/releases/); expected a "
        "supported release: pin one in settings/platform.yaml (flux_version) and vendor its data: fleetform schemas "
        f"vendor --from DIR {SOURCE}"
    )
    assert found[4].endswith(
        "aws_eks_cluster.eks: [integrity-versions] version: eks 1.35: end of support was 2027-03-27 (source: "
        "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html); expected a supported release: "
        f"pin one in settings/platform.yaml (kubernetes_version) and vendor its data: fleetform schemas vendor "
        f"--from DIR {SOURCE}"
    )
