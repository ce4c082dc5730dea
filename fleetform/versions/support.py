"""Support records (``support.yaml`` of a vendored component version) and the check of pins against them.

A record states when the version was released, when upstream support ends (``null`` when the project
publishes no end of support), whether that date is an estimate (``estimated: true`` with ``estimate``
saying how it was derived: upstream dates some ends by an event, such as "until 1.23 is released"), the
policy in upstream's words and the ``source`` it comes from. ``exception`` (owner, expiry, reason) accepts a
version past its end of support until the exception expires, as a waiver does for a policy.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fleetform.errors import UserError
from fleetform.versions.components import COMPONENTS
from fleetform.versions.pins import Pin
from fleetform.versions.vendored import SUPPORT, VENDOR_COMMAND, VENDORED, vendored_dir


@dataclass(frozen=True)
class SupportException:
    """A justified, owned and dated acceptance of a version past its end of support."""

    reason: str
    owner: str
    expires: datetime.date


@dataclass(frozen=True)
class SupportRecord:
    pin: Pin
    released: datetime.date
    end_of_support: datetime.date | None
    estimated: bool
    policy: str
    source: str
    estimate: str = ""
    exception: SupportException | None = None

    def ended(self, today: datetime.date) -> bool:
        """Past its end of support on ``today`` (the end date itself is still supported)."""
        return self.end_of_support is not None and today > self.end_of_support

    @property
    def end_text(self) -> str:
        """``2027-01-15``, ``2027-01-15 (estimated)`` or ``not published``."""
        if self.end_of_support is None:
            return "not published"
        return f"{self.end_of_support}{' (estimated)' if self.estimated else ''}"


def support_record(pin: Pin, root: Path = VENDORED) -> SupportRecord | None:
    """The vendored record of ``pin``, or None when it has none; a malformed record is a user error."""
    return _load(vendored_dir(pin, root) / SUPPORT, pin)


@functools.cache
def _load(path: Path, pin: Pin) -> SupportRecord | None:
    if not path.is_file():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return _record(pin, data)
    except (KeyError, TypeError, ValueError) as err:
        raise UserError(f"{path}: {err}; expected the support.yaml format of {__name__}") from None


def _record(pin: Pin, data: dict[str, Any]) -> SupportRecord:
    if (data["component"], str(data["version"])) != (pin.component, pin.version):
        raise ValueError(f"names {data['component']} {data['version']}, not {pin}")
    exception = data.get("exception")
    return SupportRecord(
        pin=pin,
        released=_date(data["released"], "released"),
        end_of_support=None if data["end_of_support"] is None else _date(data["end_of_support"], "end_of_support"),
        estimated=bool(data.get("estimated", False)),
        policy=str(data["policy"]).strip(),
        source=str(data["source"]),
        estimate=str(data.get("estimate", "")).strip(),
        exception=None
        if exception is None
        else SupportException(
            str(exception["reason"]).strip(), str(exception["owner"]), _date(exception["expires"], "exception.expires")
        ),
    )


def _date(value: Any, key: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValueError(f"{key}: {value!r} is not a date (YYYY-MM-DD)")
    return value


def support_problems(pins: Iterable[Pin], today: datetime.date, root: Path = VENDORED) -> list[tuple[Pin, str]]:
    """Each pin that is past its end of support on ``today`` (and not covered by an unexpired exception), or
    has no vendored support record, with a message naming the date, its source and the fix."""
    out = []
    for pin in sorted(set(pins)):
        message = _problem(pin, support_record(pin, root), today)
        if message:
            out.append((pin, message))
    return out


def support_exceptions(
    pins: Iterable[Pin], today: datetime.date, root: Path = VENDORED
) -> list[tuple[Pin, SupportException]]:
    """The pins past their end of support on ``today`` that an unexpired exception accepts (to report apart,
    as waived findings are)."""
    out = []
    for pin in sorted(set(pins)):
        record = support_record(pin, root)
        exception = record.exception if record is not None and record.ended(today) else None
        if exception is not None and today <= exception.expires:
            out.append((pin, exception))
    return out


def _problem(pin: Pin, record: SupportRecord | None, today: datetime.date) -> str:
    where = COMPONENTS[pin.component].setting if pin.component in COMPONENTS else "the pin"
    fix = f"a supported release: pin one in settings/platform.yaml ({where}) and vendor its data: {VENDOR_COMMAND}"
    if record is None:
        return f"{pin}: no vendored support record; expected {fix}"
    if not record.ended(today):
        return ""
    ended = f"{pin}: end of support was {record.end_text} (source: {record.source})"
    exception = record.exception
    if exception is None:
        return f"{ended}; expected {fix}"
    if today <= exception.expires:
        return ""
    return f"{ended}; its exception (owner {exception.owner}) expired on {exception.expires}; expected {fix}"
