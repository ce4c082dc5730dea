"""What the API server and the clouds accept, as settings rules (:class:`~fleetform.rules.Rule`).

Kubernetes names (DNS-1123 labels and subdomains), label values, label and annotation keys (qualified
names), cron schedules, IANA time zones, URLs, Git branch names, cloud regions and zones, quantities above
zero. Each rule says what the API server or the cloud would refuse, so the settings loader refuses it first,
with the file, line and key.
"""

from __future__ import annotations

import importlib.resources
import ipaddress
import re
import urllib.parse
from functools import cache

from fleetform.rules import Rule
from fleetform.settings.cron import cron_problem
from fleetform.settings.quantity import parse_quantity

#: Kubernetes' limits: a DNS-1123 label or a label value (63), a DNS-1123 subdomain (253).
MAX_LABEL, MAX_SUBDOMAIN = 63, 253
_LABEL_RX = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", re.ASCII)
_VALUE_RX = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", re.ASCII)
_NAME_RX = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]", re.ASCII)


def dns_label_problem(value: str) -> str | None:
    """Why ``value`` is no DNS-1123 label (a namespace, a Service name), or ``None``."""
    if len(value) > MAX_LABEL:
        return f"is {len(value)} characters long, over {MAX_LABEL}"
    return None if _LABEL_RX.fullmatch(value) else "is not a DNS label"


def dns_subdomain_problem(value: str) -> str | None:
    """Why ``value`` is no DNS-1123 subdomain (most object names: Secrets, ConfigMaps), or ``None``."""
    if len(value) > MAX_SUBDOMAIN:
        return f"is {len(value)} characters long, over {MAX_SUBDOMAIN}"
    if not value or not all(_LABEL_RX.fullmatch(part) for part in value.split(".")):
        return "is not a DNS subdomain"
    return None


def label_value_problem(value: str) -> str | None:
    """Why ``value`` cannot be a label value, or ``None``."""
    if len(value) > MAX_LABEL:
        return f"is {len(value)} characters long, over {MAX_LABEL}"
    return None if _VALUE_RX.fullmatch(value) else "is not a label value"


def qualified_name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a label or annotation key (``[prefix/]name``), or ``None``."""
    prefix, slash, name = value.rpartition("/")
    if slash and (not prefix or dns_subdomain_problem(prefix) is not None):
        return f"has prefix {prefix!r}, which is not a DNS subdomain"
    if len(name) > MAX_LABEL:
        return f"has a name part of {len(name)} characters, over {MAX_LABEL}"
    return None if _NAME_RX.fullmatch(name) else "is not a qualified name ([prefix/]name)"


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names (``timezones.txt``: one release of the tz database, bundled)."""
    text = importlib.resources.files("fleetform.settings").joinpath("timezones.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def time_zone_problem(value: str) -> str | None:
    return None if value in time_zones() else "is not an IANA time zone"


def url_problem(value: str, schemes: tuple[str, ...]) -> str | None:
    """Why ``value`` is not a URL with one of ``schemes``, a host name and no password, or ``None``."""
    if not value.isascii() or any(c.isspace() or not c.isprintable() for c in value):
        return "is not a URL (spaces, control or non-ASCII characters)"
    try:
        url = urllib.parse.urlsplit(value)
        host, port = url.hostname or "", url.port
    except ValueError as err:
        return f"is not a URL ({err})"
    if url.scheme not in schemes:
        return f"is not a {' or '.join(s + '://' for s in schemes)} URL"
    if url.password is not None:
        return "holds a password (credentials belong in a Secret)"
    if not _is_host(host) or port == 0:
        return "names no valid host"
    return None


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return len(host) <= MAX_SUBDOMAIN and all(_LABEL_RX.fullmatch(p) for p in host.lower().split("."))
    return True


def git_branch_problem(value: str) -> str | None:
    """Why ``value`` is no Git branch name (``git check-ref-format --branch``), or ``None``."""
    if not value:
        return "is empty"
    bad = (
        not value.isascii()
        or any(c in " ~^:?*[\\" or not c.isprintable() for c in value)
        or ".." in value
        or "@{" in value
        or "//" in value
        or value in ("@", "HEAD")
        or value.startswith(("/", "-"))
        or value.endswith(("/", ".", ".lock"))
        or any(part.startswith(".") for part in value.split("/"))
        or len(value) > 255  # the longest ref name the common file systems store
    )
    return "is not a valid Git branch name" if bad else None


def positive_quantity_problem(value: str) -> str | None:
    """Why a CPU or memory quantity is no amount above zero, or ``None`` (its form is the pattern's)."""
    try:
        return None if parse_quantity(value) > 0 else "is zero"
    except ValueError:
        return None  # the pattern reports it


CRON = Rule(
    problem=lambda v: None if (p := cron_problem(v)) is None else f"is not a valid schedule ({p})",
    means="a five-field cron schedule such as '0 3 * * 0'",
)
TIME_ZONE = Rule(problem=time_zone_problem, means="an IANA time zone such as Etc/UTC or Europe/Berlin")
DNS_LABEL = Rule(problem=dns_label_problem, means="a DNS label (lowercase letters, digits, '-'; at most 63)")
DNS_SUBDOMAIN = Rule(
    problem=dns_subdomain_problem, means="a Kubernetes object name (lowercase letters, digits, '-', '.')"
)
LABEL_VALUE = Rule(problem=label_value_problem, means="a label value (letters, digits, '-', '_', '.'; at most 63)")
LABEL_KEY = Rule(problem=qualified_name_problem, means="a label key such as example.com/name")
HTTPS_URL = Rule(problem=lambda v: url_problem(v, ("https",)), means="an https:// URL such as https://acme.example/dir")
GIT_URL = Rule(
    problem=lambda v: url_problem(v, ("ssh", "https")), means="an ssh:// or https:// Git URL without a password"
)
GIT_BRANCH = Rule(problem=git_branch_problem, means="a Git branch name such as main")
#: Cloud regions and zones: lowercase words and digits joined by '-' (us-east-1, westeurope, us-central1-a, 1).
REGION = Rule(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", means="a cloud region such as us-east-1", problem=dns_label_problem)
ZONE = Rule(pattern=r"[a-z0-9]+(-[a-z0-9]+)*", means="a zone such as us-east-1a or 1", problem=dns_label_problem)
