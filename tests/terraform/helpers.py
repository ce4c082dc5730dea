"""Small readers over a synthesized stack document."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fleetform.clouds.secrets import PLACEHOLDERS
from fleetform.settings.infra import spot_percent


def resources(stack: dict[str, Any], rtype: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = stack["resource"].get(rtype, {})
    return found


def one(stack: dict[str, Any], rtype: str) -> dict[str, Any]:
    """The single resource of ``rtype`` (fails if there are zero or several)."""
    (body,) = resources(stack, rtype).values()
    return body


def walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (path, scalar) in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk(item, f"{path}[{i}]")
    else:
        yield path, value


SECRET_KEY = re.compile(r"(password|secret|auth_token|access_key|private_key|client_secret)[^.\[]*$")
#: Arguments whose name says "secret" but which name one: Secret Manager's ``secret_id``.
SECRET_NAME = re.compile(r"\.secret_id$")


def literal_secrets(stack: dict[str, Any]) -> list[str]:
    """Paths of secret-looking arguments holding a literal (not a reference or a flag) value. The alert
    receivers' and the Elasticsearch credentials' placeholders are no secrets: the operator replaces them out of
    band (fleetform/clouds/secrets.py)."""
    out = []
    for path, value in walk({"resource": stack["resource"], "provider": stack.get("provider", {})}):
        if not SECRET_KEY.search(path) or SECRET_NAME.search(path) or not isinstance(value, str):
            continue
        if "${" not in value and value not in PLACEHOLDERS:
            out.append(path)
    return out


def spot_shares(pools: list[tuple[int, int, bool]]) -> tuple[float, float]:
    """Spot share at minimum and at maximum size, from ``(min, max, is_spot)`` application pools."""
    on_min = sum(lo for lo, _, spot in pools if not spot)
    on_max = sum(hi for _, hi, spot in pools if not spot)
    sp_min = sum(lo for lo, _, spot in pools if spot)
    sp_max = sum(hi for _, hi, spot in pools if spot)
    return spot_percent(on_min, sp_min), spot_percent(on_max, sp_max)
