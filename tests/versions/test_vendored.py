"""The vendored data follows the pins: every pin has all of it, and the bundled CRD schemas are exactly those of
the pinned versions (a pin and its schemas cannot disagree)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from fleetform.clouds import CLOUDS
from fleetform.errors import UserError
from fleetform.schemas.catalog import bundled_schemas, default_pins
from fleetform.settings import load_settings
from fleetform.settings.services import ChartVersions
from fleetform.versions import COMPONENTS, component_of_chart
from fleetform.versions.vendored import VENDORED, missing_data, vendored_dir, vendored_versions

#: The API groups whose schemas each CRD-providing pin bundles.
GROUPS = {
    "flux": [
        "helm.toolkit.fluxcd.io",
        "kustomize.toolkit.fluxcd.io",
        "notification.toolkit.fluxcd.io",
        "source.toolkit.fluxcd.io",
    ],
    "istio": ["extensions.istio.io", "networking.istio.io", "security.istio.io", "telemetry.istio.io"],
    "cert-manager": ["acme.cert-manager.io", "cert-manager.io"],
    "kube-prometheus-stack": ["monitoring.coreos.com"],
    "velero": ["velero.io"],
    "external-secrets": ["external-secrets.io", "generators.external-secrets.io"],
    "karpenter": ["autoscaling.x-k8s.io", "karpenter.k8s.aws", "karpenter.sh"],
    "aws-load-balancer-controller": ["aga.k8s.aws", "elbv2.k8s.aws", "gateway.k8s.aws"],
    "flagger": ["flagger.app"],
}


def test_every_pin_setting_names_a_registered_component() -> None:
    charts = [f.name for f in dataclasses.fields(ChartVersions)]
    assert [c.setting for c in COMPONENTS.values() if c.setting.startswith("charts.")] == [
        f"charts.{n}" for n in charts
    ]
    assert [COMPONENTS[cloud.kubernetes_service].setting for cloud in CLOUDS.values()] == ["kubernetes_version"] * 3
    assert (component_of_chart("istiod"), component_of_chart("karpenter-crd"), component_of_chart("kured")) == (
        COMPONENTS["istio"],
        COMPONENTS["karpenter"],
        None,
    )


def test_every_pin_has_all_its_vendored_data_and_nothing_else_is_vendored(repo: Path) -> None:
    pins = default_pins(repo / "settings")
    assert pins == default_pins(repo / "no-such-settings")  # the repository's settings pin the defaults
    assert {pin: missing_data(pin) for pin in pins} == {pin: [] for pin in pins}
    assert {c: vendored_versions(c) for c in COMPONENTS} == {pin.component: [pin.version] for pin in pins}
    assert sorted(p.name for p in VENDORED.iterdir()) == sorted(COMPONENTS)


def test_bundled_crd_schemas_come_from_exactly_the_pinned_versions(repo: Path) -> None:
    pins = {pin.component: pin for pin in default_pins(repo / "settings")}
    schemas = bundled_schemas(pins.values())
    groups: dict[str, set[str]] = {}
    for name, schema in schemas.items():
        assert schema.pin is not None and schema.pin == pins[schema.pin.component], name
        assert schema.path.is_relative_to(vendored_dir(schema.pin) / "crds"), name
        groups.setdefault(schema.pin.component, set()).add(name.split("/")[0])
    assert {c: sorted(g) for c, g in groups.items()} == GROUPS
    assert sorted(GROUPS) == sorted(c.name for c in COMPONENTS.values() if c.crds)


@pytest.mark.parametrize("component", [c for c in COMPONENTS.values() if c.charts or c.crds])
def test_the_recorded_upstream_release_is_the_pinned_one(component: object, repo: Path) -> None:
    pins = {pin.component: pin for pin in default_pins(repo / "settings")}
    pin = pins[component.name]  # type: ignore[attr-defined]
    source = json.loads((vendored_dir(pin) / "SOURCE.json").read_text(encoding="utf-8"))
    assert (source["component"], source["version"]) == (pin.component, pin.version)
    tags = [(up["repos"][0] if "repos" in up else up)["tag"] for up in source["upstream"]]
    assert tags and all(tag.removeprefix("v").endswith(pin.version.removeprefix("v")) for tag in tags), tags
    assert all(len(digest) == 64 for digest in source["files"].values())


def test_a_pin_without_vendored_data_is_a_located_settings_error(settings_copy: Path) -> None:
    text = (settings_copy / "platform.yaml").read_text(encoding="utf-8")
    (settings_copy / "platform.yaml").write_text(text + "charts:\n  istio: 1.31.0\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert info.value.message == (
        f"settings/platform.yaml:{line}: charts.istio: no vendored data for istio 1.31.0 (missing support.yaml, "
        "SOURCE.json, values/base.json, values/cni.json, values/istiod.json, values/gateway.json, crds/); "
        "expected a vendored version (1.30.3), or its data vendored: fleetform schemas vendor --from DIR "
        "(README: 'Vendored upstream data')"
    )


def test_a_kubernetes_minor_without_a_support_record_is_a_settings_error(settings_copy: Path) -> None:
    text = (settings_copy / "platform.yaml").read_text(encoding="utf-8")
    (settings_copy / "platform.yaml").write_text(
        text.replace('kubernetes_version: "1.35"', 'kubernetes_version: "1.32"')
    )
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert info.value.message == (
        "settings/platform.yaml:4: kubernetes_version: no vendored data for eks 1.32 (missing support.yaml); "
        "expected a vendored version (1.35), or its data vendored: fleetform schemas vendor --from DIR "
        "(README: 'Vendored upstream data')"
    )
