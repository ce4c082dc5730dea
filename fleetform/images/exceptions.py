"""The image scan's exceptions (``image-exceptions.yaml``): a vulnerability id the scan may ignore, with an
owner, an expiry and the reason, like a policy waiver. Expired ones are reported (the day comes from the
run); the others become Trivy's YAML ignore file (``.trivyignore.yaml``: ``id``, ``statement``,
``expired_at``), so Trivy also stops ignoring them on the day they expire."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.errors import UserError, located

#: CVE ids and the advisory ids scanners report (GHSA, distribution advisories).
VULNERABILITY_ID = re.compile(r"(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|(?!CVE-)[A-Z]+-\d{4}-[\w:.-]+)")
FIELDS = ("id", "owner", "expires", "reason")


@dataclass(frozen=True)
class ScanException:
    id: str
    owner: str
    expires: dt.date
    reason: str
    line: int


def load_exceptions(path: Path) -> list[ScanException]:
    """The exceptions of ``path``; a bad file raises :class:`UserError` with the file, line and fix."""
    import yaml

    file = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data: Any = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"{file}: cannot read ({exc.__class__.__name__}); expected a YAML file") from None
    items = data.get("exceptions") if isinstance(data, dict) else None
    if not isinstance(items, list) or not isinstance(root, yaml.MappingNode):
        raise located(file, 1, "exceptions", "missing or not a list", "a top-level 'exceptions:' list")
    nodes = next(v for k, v in root.value if k.value == "exceptions").value
    lines = [node.start_mark.line + 1 for node in nodes]
    out = [_exception(item, file, lines[i], i) for i, item in enumerate(items)]
    seen: set[str] = set()
    for item in out:
        if item.id in seen:
            raise located(file, item.line, "id", f"{item.id} listed twice", "one exception per vulnerability")
        seen.add(item.id)
    return out


def _exception(item: Any, file: str, line: int, index: int) -> ScanException:
    where = f"exceptions[{index}]"
    if not isinstance(item, dict):
        raise located(file, line, where, "not a mapping", f"a mapping with {', '.join(FIELDS)}")
    missing = [f for f in FIELDS if item.get(f) in (None, "")]
    if missing:
        raise located(file, line, where, f"missing {', '.join(missing)}", f"each of {', '.join(FIELDS)}")
    if unknown := sorted(set(item) - set(FIELDS)):
        raise located(file, line, f"{where}.{unknown[0]}", "unknown key", f"one of {', '.join(FIELDS)}")
    if not isinstance(item["id"], str) or not VULNERABILITY_ID.fullmatch(item["id"]):
        raise located(file, line, f"{where}.id", f"{item['id']!r} is not a vulnerability id", "such as CVE-2024-12345")
    if not isinstance(item["expires"], dt.date) or isinstance(item["expires"], dt.datetime):
        raise located(file, line, f"{where}.expires", f"{item['expires']!r} is not a date", "a date such as 2027-01-31")
    return ScanException(
        str(item["id"]), str(item["owner"]), item["expires"], " ".join(str(item["reason"]).split()), line
    )


def expired(exceptions: list[ScanException], today: dt.date) -> list[ScanException]:
    """Exceptions past their expiry on ``today`` (expiring today is still valid, as Trivy reads it)."""
    return [e for e in exceptions if e.expires < today]


def trivy_ignore(exceptions: list[ScanException], today: dt.date) -> str:
    """Trivy's ``.trivyignore.yaml`` for the exceptions still valid on ``today``."""
    import yaml

    valid = [e for e in exceptions if e.expires >= today]
    document = {
        "vulnerabilities": [
            {"id": e.id, "statement": f"{e.owner}: {e.reason}", "expired_at": e.expires.isoformat()} for e in valid
        ]
    }
    return str(yaml.safe_dump(document, sort_keys=False, width=1000))
