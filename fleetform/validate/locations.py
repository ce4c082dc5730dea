"""Where schemas come from: kubeconform's ``-schema-location`` semantics, offline.

A location is kubeconform's: ``default``; a template (``{{ .ResourceKind }}`` etc.) naming a file or an
http(s) URL; a location not ending in ``json`` gets kubeconform's suffix
``/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json``;
one ending in ``json`` without variables is one schema for every resource.

``default`` is kubeconform's URL, answered from bundled data: Kubernetes' own kinds from the
``kubernetes-validate`` package (versions :func:`bundled_versions`, ``master`` being the newest), then the
CRD schemas of the pinned component versions and the imported ones (:mod:`fleetform.schemas.catalog`;
kubeconform's default has none: fleetform validates these custom
resources where kubeconform reports ``could not find schema``). A folder is also searched in the catalog
layout ``fleetform schemas import`` writes (``<group>/<kind>_<version>.json``).

Nothing is downloaded: an http(s) schema is read from the ``-cache`` folder (kubeconform's layout: the
SHA-256 of the URL), else the resource fails with kubeconform's ``failed downloading schema at <URL>``.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fleetform.schemas.catalog import bundled_crd_path

_KV_SPEC = importlib.util.find_spec("kubernetes_validate")  # data only: importing it costs ~0.3 s
assert _KV_SPEC is not None and _KV_SPEC.origin is not None, "kubernetes-validate is not installed"
K8S_SCHEMA_ROOT = Path(_KV_SPEC.origin).parent / "kubernetes-json-schema"
DEFAULT_TEMPLATE = (
    "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/"
    "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
)
#: Where kubeconform users find CRD schemas; names the bundled CRD schemas in messages.
CATALOG_TEMPLATE = (
    "https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/"
    "{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"
)
_SUFFIX = "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
_ACTION = re.compile(r"\{\{(.*?)\}\}")
_FIELD = re.compile(r"^\s*\.(\w+)\s*$")
VARIABLES = ("NormalizedKubernetesVersion", "StrictSuffix", "ResourceKind", "ResourceAPIVersion", "Group", "KindSuffix")
_GO_STRUCT = "struct { " + "; ".join(f"{name} string" for name in VARIABLES) + " }"


class SchemaError(Exception):
    """A schema location that fails for one resource: fleetform's ``message`` and kubeconform's text."""

    def __init__(self, message: str, upstream: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.upstream = upstream or message


@dataclass(frozen=True)
class Target:
    """The resource type whose schema is wanted, and the options that pick the file."""

    api_version: str
    kind: str
    kubernetes_version: str  # "master" or x.y.z (a bare x.y from fleetform check means x.y.0)
    strict: bool

    def variables(self) -> dict[str, str]:
        """kubeconform's template variables (``Group`` of ``v1`` is ``v1``, as in kubeconform)."""
        parts = self.api_version.split("/")
        suffix = "-" + parts[0].split(".")[0].lower() + (f"-{parts[1].lower()}" if len(parts) > 1 else "")
        return {
            "NormalizedKubernetesVersion": normalized(self.kubernetes_version),
            "StrictSuffix": "-strict" if self.strict else "",
            "ResourceKind": self.kind.lower(),
            "ResourceAPIVersion": parts[-1],
            "Group": parts[0],
            "KindSuffix": suffix,
        }


@dataclass(frozen=True)
class Found:
    """A schema document, kubeconform's name for it (a URL), and how its ``$ref`` resolve: the bundled
    Kubernetes folder, or the schema's own location (a file path or a URL)."""

    url: str
    schema: dict[str, Any]
    k8s_dir: Path | None = None
    base: str = ""


def normalized(version: str) -> str:
    """kubeconform's ``NormalizedKubernetesVersion``: ``master``, or ``v`` + x.y.z."""
    if version == "master":
        return version
    return f"v{version}" if version.count(".") == 2 else f"v{version}.0"


def bundled_minor(version: str) -> str | None:
    """The bundled schema folder's minor version for ``version`` (``master``: the newest), or ``None``."""
    if version == "master":
        return bundled_versions()[-1]
    minor = ".".join(version.split(".")[:2])
    return minor if minor in bundled_versions() else None


@cache
def bundled_versions() -> tuple[str, ...]:
    found = {p.name[1:].removesuffix(".0-local") for p in K8S_SCHEMA_ROOT.glob("v*.0-local")}
    return tuple(sorted(found, key=lambda v: tuple(int(x) for x in v.split("."))))


def template_of(location: str) -> str:
    """The full template kubeconform makes of a ``-schema-location`` value."""
    if location == "default":
        return DEFAULT_TEMPLATE
    return location if location.endswith("json") else location + _SUFFIX


def check_template(location: str) -> str | None:
    """kubeconform's start-up error for a location whose template does not render, else ``None``."""
    template = template_of(location)
    for match in _ACTION.finditer(template):
        field = _FIELD.match(match[1])
        if field is None:
            return f"failed initialising schema location registry: template: tpl:1: unexpected {match[0]!r} in command"
        if field[1] not in VARIABLES:
            return (
                "failed initialising schema location registry: template: tpl:1:"
                f'{match.start(1) + match[1].index(".")}: executing "tpl" at <.{field[1]}>: '
                f"can't evaluate field {field[1]} in type {_GO_STRUCT}"
            )
    if template.count("{{") != len(_ACTION.findall(template)):
        return "failed initialising schema location registry: template: tpl:1: unclosed action"
    return None


def render(template: str, target: Target) -> str:
    variables = target.variables()
    return _ACTION.sub(lambda m: variables[_FIELD.match(m[1])[1]], template)  # type: ignore[index]


def find_schema(target: Target, locations: tuple[str, ...], cache_dir: Path | None) -> Found | None:
    """The first schema for ``target`` among ``locations``, or ``None``; raises :class:`SchemaError`."""
    for location in locations:
        found = _find_in(location, target, cache_dir)
        if found is not None:
            return found
    return None


def _find_in(location: str, target: Target, cache_dir: Path | None) -> Found | None:
    url = render(template_of(location), target)
    if location == "default":
        minor = bundled_minor(target.kubernetes_version)
        found = _bundled_k8s(target, minor, url) if minor is not None else None
        if found is None:
            found = _read_json(
                bundled_crd_path(_catalog_path(Path(), target).as_posix()), render(CATALOG_TEMPLATE, target)
            )
        if found is None and minor is None:
            found = _remote(url, cache_dir)
        return found
    if url.startswith(("http://", "https://")):
        return _remote(url, cache_dir)
    found = _read_json(Path(url), url)
    if found is None and not location.endswith("json") and Path(location).is_dir():
        found = _read_json(_catalog_path(Path(location), target), url)
    return found


def cache_path(cache_dir: Path, url: str) -> Path:
    """kubeconform's cache file of ``url``: the hex SHA-256 of the URL, no extension."""
    return cache_dir / hashlib.sha256(url.encode()).hexdigest()


def _remote(url: str, cache_dir: Path | None) -> Found | None:
    cached = cache_path(cache_dir, url) if cache_dir is not None else None
    if cached is None or not cached.is_file():
        raise SchemaError(
            f"{url}: not in the -cache folder, and fleetform does not download schemas; expected a local "
            "-schema-location, or the schema in the -cache folder",
            f"failed downloading schema at {url}: fleetform validates offline (no download); "
            "give a local -schema-location or a -cache folder holding it",
        )
    return Found(url, _parse(cached.read_text(encoding="utf-8"), url), base=url)


def _catalog_path(folder: Path, target: Target) -> Path:
    group, _, version = target.api_version.rpartition("/")
    return folder / (group or "core") / f"{target.kind.lower()}_{version}.json"


def _bundled_k8s(target: Target, minor: str, url: str) -> Found | None:
    folder = K8S_SCHEMA_ROOT / f"v{minor}.0-local{'-strict' if target.strict else ''}"
    name = target.variables()["ResourceKind"] + target.variables()["KindSuffix"]
    found = _read_json(folder / f"{name}.json", url)
    if found is None:
        return None
    declared = found.schema.get("properties", {}).get("apiVersion", {}).get("enum", [])
    if target.api_version not in declared:  # same file name, other group (networking.istio.io vs .k8s.io)
        return None
    return Found(url, found.schema, folder)


def _read_json(path: Path, url: str) -> Found | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:  # a kind of hundreds of characters names no schema file
            return None
        raise SchemaError(f"{path}: cannot read schema: {err.strerror}") from None
    absolute = path.resolve().as_posix()
    return Found(url if url.startswith("http") else f"file://{absolute}", _parse(text, path.as_posix()), base=absolute)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as err:
        raise SchemaError(f"{source}:{err.lineno}: schema is not JSON: {err.msg}; expected a JSON schema") from None
    if not isinstance(schema, dict):
        raise SchemaError(f"{source}: schema is not a JSON object; expected a JSON schema")
    return schema


def normalize_version(version: str) -> str:
    """``v1.32.4`` / ``1.32`` -> ``1.32`` (``fleetform check``'s version); one not bundled is a user error."""
    from fleetform.errors import UserError

    match = re.match(r"^v?(\d+)\.(\d+)(?:\.\d+)?$", version.strip())
    if match is None:
        raise UserError(f"kubernetes_version {version!r}: not a version; expected a minor version such as 1.32")
    minor = f"{match[1]}.{match[2]}"
    if minor not in bundled_versions():
        known = ", ".join(bundled_versions())
        raise UserError(f"kubernetes_version {version}: no bundled schemas; expected one of {known}")
    return minor
