"""Support records and the end-of-support check: the day comes from the caller, messages are exact."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.versions import Pin, support_exceptions, support_problems, support_record

D = datetime.date
TODAY = D(2026, 11, 30)
FIX = (
    "pin one in settings/platform.yaml ({}) and vendor its data: fleetform schemas vendor --from DIR "
    "(README: 'Vendored upstream data')"
)


def _record(root: Path, pin: Pin, body: str) -> None:
    folder = root / pin.component / pin.version
    folder.mkdir(parents=True)
    (folder / "support.yaml").write_text(f"component: {pin.component}\nversion: '{pin.version}'\n{body}")


def test_every_committed_pin_is_supported_on_the_research_date() -> None:
    from fleetform.schemas.catalog import default_pins

    assert support_problems(default_pins(), TODAY) == []


def test_the_committed_records() -> None:
    istio = support_record(Pin("istio", "1.30.3"))
    assert istio is not None
    assert (istio.released, istio.end_of_support, istio.estimated, istio.end_text) == (
        D(2026, 7, 16),
        D(2027, 1, 6),
        True,
        "2027-01-06 (estimated)",
    )
    assert istio.source == "https://istio.io/latest/docs/releases/supported-releases/#support-policy"
    kps = support_record(Pin("kube-prometheus-stack", "88.5.3"))
    assert kps is not None and (kps.end_of_support, kps.end_text, kps.ended(D(2040, 1, 1))) == (
        None,
        "not published",
        False,
    )
    eso = support_record(Pin("external-secrets", "2.9.0"))
    assert eso is not None and eso.exception is not None
    assert (eso.end_of_support, eso.exception.owner, eso.exception.expires) == (
        D(2026, 9, 11),
        "ml-platform-team",
        D(2027, 1, 31),
    )


def test_a_pin_past_its_end_of_support_fails_the_day_after() -> None:
    pins = [Pin("istio", "1.30.3"), Pin("eks", "1.35")]
    assert support_problems(pins, D(2027, 1, 6)) == []
    assert support_problems(pins, D(2027, 1, 7)) == [
        (
            Pin("istio", "1.30.3"),
            "istio 1.30.3: end of support was 2027-01-06 (estimated) (source: "
            "https://istio.io/latest/docs/releases/supported-releases/#support-policy); expected a supported release: "
            + FIX.format("charts.istio"),
        )
    ]
    assert support_problems(pins, D(2027, 3, 28)) == [
        (
            Pin("eks", "1.35"),
            "eks 1.35: end of support was 2027-03-27 (source: "
            "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html); expected a supported "
            "release: " + FIX.format("kubernetes_version"),
        ),
        (Pin("istio", "1.30.3"), support_problems([Pin("istio", "1.30.3")], D(2027, 1, 7))[0][1]),
    ]


def test_an_exception_holds_until_it_expires() -> None:
    eso = [Pin("external-secrets", "2.9.0")]
    assert support_problems(eso, D(2027, 1, 31)) == []
    assert support_problems(eso, D(2027, 2, 1)) == [
        (
            Pin("external-secrets", "2.9.0"),
            "external-secrets 2.9.0: end of support was 2026-09-11 (estimated) (source: "
            "https://external-secrets.io/latest/introduction/stability-support/); its exception (owner "
            "ml-platform-team) expired on 2027-01-31; expected a supported release: "
            + FIX.format("charts.external_secrets"),
        )
    ]


def test_a_pin_without_a_record_is_a_problem(tmp_path: Path) -> None:
    assert support_problems([Pin("istio", "1.24.2"), Pin("kured", "5.0.0")], TODAY, tmp_path) == [
        (
            Pin("istio", "1.24.2"),
            "istio 1.24.2: no vendored support record; expected a supported release: " + FIX.format("charts.istio"),
        ),
        (
            Pin("kured", "5.0.0"),
            "kured 5.0.0: no vendored support record; expected a supported release: " + FIX.format("the pin"),
        ),
    ]


def test_records_from_another_root(tmp_path: Path) -> None:
    pin = Pin("velero", "8.5.0")
    _record(
        tmp_path,
        pin,
        "released: 2025-03-01\nend_of_support: 2025-09-09\nestimated: false\npolicy: n and n-1\n"
        "source: https://velero.io/docs/v1.15/support-process/\n",
    )
    assert support_problems([pin, pin], TODAY, tmp_path) == [
        (
            pin,
            "velero 8.5.0: end of support was 2025-09-09 (source: https://velero.io/docs/v1.15/support-process/); "
            "expected a supported release: " + FIX.format("charts.velero"),
        )
    ]


def test_a_malformed_record_is_a_user_error(tmp_path: Path) -> None:
    pin = Pin("velero", "8.5.1")
    _record(tmp_path, pin, "released: soon\nend_of_support: null\npolicy: p\nsource: s\n")
    with pytest.raises(UserError) as info:
        support_record(pin, tmp_path)
    assert info.value.message == (
        f"{tmp_path}/velero/8.5.1/support.yaml: released: 'soon' is not a date (YYYY-MM-DD); "
        "expected the support.yaml format of fleetform.versions.support"
    )


def test_exceptions_in_force_are_listed_apart() -> None:
    pins = [Pin("external-secrets", "2.9.0"), Pin("aws-load-balancer-controller", "3.5.0"), Pin("istio", "1.30.3")]
    excepted = support_exceptions(pins, TODAY)
    assert [(str(pin), exception.owner, exception.expires) for pin, exception in excepted] == [
        ("aws-load-balancer-controller 3.5.0", "ml-platform-team", D(2027, 1, 31)),
        ("external-secrets 2.9.0", "ml-platform-team", D(2027, 1, 31)),
    ]
    assert excepted[1][1].reason.startswith("2.9.0 is the newest release available to vendor")
    assert support_exceptions(pins, D(2026, 9, 12)) == [(Pin("external-secrets", "2.9.0"), excepted[1][1])]
    assert support_exceptions(pins, D(2027, 2, 1)) == []
