"""An environment's ``release:`` pins the platform's version, images and charts apart from platform.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings


def _error(root: Path, text: str) -> str:
    dev = root / "environments/dev.yaml"
    dev.write_text(dev.read_text() + text)
    with pytest.raises(UserError) as raised:
        load_settings(root)
    return raised.value.message


def test_without_release_every_environment_runs_platform_yaml(settings_copy: Path) -> None:
    settings = load_settings(settings_copy)
    assert {env: settings.platform_of(env) for env in settings.environments} == dict.fromkeys(
        settings.environments, settings.platform
    )


def test_pins_replace_the_shared_values_of_that_environment_only(settings_copy: Path) -> None:
    dev = settings_copy / "environments/dev.yaml"
    dev.write_text(
        dev.read_text() + "release:\n  version: 1.5.0\n  images:\n    worker:\n      repository: ghcr.io/acme/w\n"
        f'      tag: "1.5.0"\n      digest: sha256:{"2" * 64}\n  charts:\n    velero: 12.1.0\n'
    )
    settings = load_settings(settings_copy)
    platform = settings.platform_of("dev")
    assert (platform.version, platform.images.worker.ref, platform.images.api) == (
        "1.5.0",
        f"ghcr.io/acme/w:1.5.0@sha256:{'2' * 64}",
        settings.platform.images.api,
    )
    assert [c.platform.version for c in settings.clusters() if c.cloud.name == "aws"] == ["1.5.0", "1.4.2", "1.4.2"]


def test_an_unknown_image_is_located(settings_copy: Path) -> None:
    assert _error(
        settings_copy,
        f"release:\n  images:\n    apii:\n      repository: a.io/b\n      tag: x\n      digest: sha256:{'0' * 64}\n",
    ) == (
        "settings/environments/dev.yaml:46: release.images.apii: unknown image 'apii'; "
        "expected one of: api, worker, retraining, kubectl"
    )


def test_a_chart_pin_needs_its_vendored_data(settings_copy: Path) -> None:
    assert _error(settings_copy, "release:\n  charts:\n    istio: 1.31.0\n") == (
        "settings/environments/dev.yaml:46: release.charts.istio: no vendored data for istio 1.31.0 (missing "
        "support.yaml, SOURCE.json, values/base.json, values/cni.json, values/istiod.json, values/gateway.json, "
        "crds/); expected a vendored version (1.30.3), or its data vendored: fleetform schemas vendor --from DIR "
        "(README: 'Vendored upstream data')"
    )


def test_a_release_version_follows_the_platform_version_rule(settings_copy: Path) -> None:
    assert _error(settings_copy, "release:\n  version: latest\n") == (
        "settings/environments/dev.yaml:45: release.version: 'latest' is not valid; "
        "expected a semantic version such as 1.4.2"
    )
