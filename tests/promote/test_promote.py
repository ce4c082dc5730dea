"""``promote FROM TO`` plans TO's pins from FROM's release and edits TO's file in place, or refuses the step."""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.promote.apply import promote
from fleetform.promote.plan import PinChange, plan_promotion
from fleetform.settings import load_settings
from fleetform.settings.release import Release

OLD_API = "ghcr.io/acme/ml-platform/api:1.4.2@sha256:3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c"
NEW_DIGEST = "sha256:" + "1" * 64
DEV_RELEASE = f"""\
release:   # on its way to staging and production
  version: 1.4.3
  images:
    api:
      repository: ghcr.io/acme/ml-platform/api
      tag: "1.4.3"
      digest: {NEW_DIGEST}
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _diff(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)][2:]


def test_promote_appends_froms_pins_to_a_file_without_release(settings_copy: Path) -> None:
    _append(settings_copy / "environments/dev.yaml", DEV_RELEASE)
    staging = settings_copy / "environments/staging.yaml"
    before = staging.read_text()
    promotion = promote(settings_copy, "dev", "staging")
    assert promotion.changes == (
        PinChange(("release", "version"), "1.4.2", "1.4.3"),
        PinChange(("release", "images", "api"), OLD_API, f"ghcr.io/acme/ml-platform/api:1.4.3@{NEW_DIGEST}"),
    )
    assert _diff(before, staging.read_text()) == [
        "@@ -30,0 +31,7 @@",
        "+release:",
        "+  version: 1.4.3",
        "+  images:",
        "+    api:",
        "+      repository: ghcr.io/acme/ml-platform/api",
        "+      tag: 1.4.3",
        f"+      digest: {NEW_DIGEST}",
    ]
    settings = load_settings(settings_copy)
    assert settings.platform_of("staging") == settings.platform_of("dev")
    assert settings.platform_of("production").version == "1.4.2"


def test_promote_into_existing_pins_changes_only_their_lines(settings_copy: Path) -> None:
    production = settings_copy / "environments/production.yaml"
    _append(production, DEV_RELEASE.replace("1.4.3", "1.4.1").replace(NEW_DIGEST, "sha256:" + "0" * 64))
    _append(settings_copy / "environments/staging.yaml", DEV_RELEASE)
    before = production.read_text()
    promote(settings_copy, "staging", "production")
    assert _diff(before, production.read_text()) == [
        "@@ -13 +13 @@",
        "-  version: 1.4.1",
        "+  version: 1.4.3",
        "@@ -17,2 +17,2 @@",
        '-      tag: "1.4.1"',
        f"-      digest: sha256:{'0' * 64}",
        '+      tag: "1.4.3"',
        f"+      digest: {NEW_DIGEST}",
    ]


def test_nothing_to_promote_writes_nothing(settings_copy: Path) -> None:
    before = (settings_copy / "environments/production.yaml").read_text()
    assert promote(settings_copy, "staging", "production").changes == ()
    assert (settings_copy / "environments/production.yaml").read_text() == before


def test_a_chart_pin_is_one_leaf(settings_copy: Path) -> None:
    settings = load_settings(settings_copy)
    dev = dataclasses.replace(settings.environments["dev"], release=Release(charts={"istio": "1.31.0"}))
    settings = dataclasses.replace(settings, environments={**settings.environments, "dev": dev})
    promotion = plan_promotion(settings_copy, settings, "dev", "staging")
    assert promotion.changes == (PinChange(("release", "charts", "istio"), "1.30.3", "1.31.0"),)
    assert promotion.leaves == ((("release", "charts", "istio"), "1.31.0"),)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("dev", "qa", "no environment 'qa' (promote TO); expected one of: dev → staging → production"),
        ("prod", "staging", "no environment 'prod' (promote FROM); expected one of: dev → staging → production"),
        (
            "staging",
            "staging",
            "promote from 'staging' to itself; expected the next environment: dev → staging → production",
        ),
        (
            "production",
            "staging",
            "'staging' comes before 'production': a promotion goes forward (dev → staging → production); "
            "expected FROM before TO; to roll 'staging' back, git revert the commit that promoted it",
        ),
    ],
)
def test_a_step_that_is_not_a_promotion_is_one_located_line(
    settings_copy: Path, source: str, target: str, message: str
) -> None:
    with pytest.raises(UserError) as raised:
        promote(settings_copy, source, target)
    assert raised.value.message == f"settings/platform.yaml:6: environments: {message}"
