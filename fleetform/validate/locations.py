"""Where schemas come from: kubeconform's ``-schema-location`` semantics, offline by default.

``default`` is the bundled data: Kubernetes' own kinds from the ``kubernetes-validate`` package, then the
CRD schemas bundled in :mod:`fleetform.schemas`. A folder is searched in the CRD catalog layout that
``fleetform schemas import`` writes (``<group>/<kind>_<version>.json``) and in kubeconform's layout
(``<version>-standalone[-strict]/<kind><suffix>.json``). A location with ``{{ .Variable }}`` is a
kubeconform template, a file path or an http(s) URL; a URL is fetched only because the user named it, and
cached in the ``-cache`` folder when one is given.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fleetform.errors import UserError
from fleetform.schemas import CRD_DIR

_KV_SPEC = importlib.util.find_spec("kubernetes_validate")  # data only: importing it costs ~0.3 s
assert _KV_SPEC is not None and _KV_SPEC.origin is not None, "kubernetes-validate is not installed"
K8S_SCHEMA_ROOT = Path(_KV_SPEC.origin).parent / "kubernetes-json-schema"
_VARIABLE = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class Target:
    """The resource type whose schema is wanted, and the options that pick the file."""

    api_version: str
    kind: str
    kubernetes_version: str
    strict: bool

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    @property
    def version(self) -> str:
        return self.api_version.rpartition("/")[2]

    def variables(self) -> dict[str, str]:
        prefix = self.group.split(".")[0].lower()
        suffix = f"-{prefix}-{self.version}" if prefix else f"-{self.version}"
        return {
            "NormalizedKubernetesVersion": f"v{self.kubernetes_version}.0",
            "StrictSuffix": "-strict" if self.strict else "",
            "ResourceKind": self.kind.lower(),
            "ResourceAPIVersion": self.version,
            "Group": self.group,
            "KindSuffix": suffix,
        }


@dataclass(frozen=True)
class Found:
    """A schema document, where it came from, and the folder ``$ref``s resolve against."""

    source: str
    schema: dict[str, Any]
    k8s_dir: Path | None = None


def normalize_version(version: str) -> str:
    """``v1.32.4`` / ``1.32`` -> ``1.32``; a version without bundled schemas is a user error."""
    match = _VERSION.match(version.strip())
    if match is None:
        raise UserError(f"-kubernetes-version {version!r}: not a version; expected a minor version such as 1.32")
    minor = f"{match[1]}.{match[2]}"
    if not (K8S_SCHEMA_ROOT / f"v{minor}.0-local").is_dir():
        known = ", ".join(bundled_versions())
        raise UserError(f"-kubernetes-version {version}: no bundled schemas; expected one of {known}")
    return minor


@cache
def bundled_versions() -> tuple[str, ...]:
    found = {p.name[1:].removesuffix(".0-local") for p in K8S_SCHEMA_ROOT.glob("v*.0-local")}
    return tuple(sorted(found, key=lambda v: tuple(int(x) for x in v.split("."))))


#: What a kind and an apiVersion can be (Kubernetes: a CamelCase name; ``group/version``, both DNS-like):
#: anything else has no schema, and never becomes part of a file name (``../``, 300 characters).
_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]{0,99}")
_API_VERSION = re.compile(r"([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[a-z0-9]{1,63}")


def find_schema(target: Target, locations: tuple[str, ...], cache_dir: Path | None) -> Found | None:
    """The first schema for ``target`` among ``locations``, or ``None``."""
    if not (_KIND.fullmatch(target.kind) and _API_VERSION.fullmatch(target.api_version)):
        return None
    for location in locations:
        found = _find_in(location, target, cache_dir)
        if found is not None:
            return found
    return None


def _find_in(location: str, target: Target, cache_dir: Path | None) -> Found | None:
    if location == "default":
        return _bundled_k8s(target) or _read_json(_catalog_path(CRD_DIR, target))
    if "{{" in location:
        rendered = _render(location, target)
        if rendered.startswith(("http://", "https://")):
            return _fetch(rendered, cache_dir)
        return _read_json(Path(rendered))
    if location.startswith(("http://", "https://")):
        url = location.rstrip("/") + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/"
        return _fetch(_render(url + "{{ .ResourceKind }}{{ .KindSuffix }}.json", target), cache_dir)
    folder = Path(location)
    if not folder.is_dir():
        raise UserError(f"-schema-location {location}: no such folder; expected a folder, URL or template")
    variables = target.variables()
    standalone = (
        folder
        / f"{variables['NormalizedKubernetesVersion']}-standalone{variables['StrictSuffix']}"
        / f"{variables['ResourceKind']}{variables['KindSuffix']}.json"
    )
    return _read_json(_catalog_path(folder, target)) or _read_json(standalone)


def _catalog_path(folder: Path, target: Target) -> Path:
    return folder / (target.group or "core") / f"{target.kind.lower()}_{target.version}.json"


def _bundled_k8s(target: Target) -> Found | None:
    folder = K8S_SCHEMA_ROOT / f"v{target.kubernetes_version}.0-local{'-strict' if target.strict else ''}"
    prefix = target.group.split(".")[0]
    name = f"{target.kind.lower()}-{prefix}-{target.version}" if prefix else f"{target.kind.lower()}-{target.version}"
    found = _read_json(folder / f"{name}.json")
    if found is None:
        return None
    declared = found.schema.get("properties", {}).get("apiVersion", {}).get("enum", [])
    if target.api_version not in declared:  # same file name, other group (networking.istio.io vs .k8s.io)
        return None
    return Found(found.source, found.schema, folder)


def _render(template: str, target: Target) -> str:
    variables = target.variables()

    def value(match: re.Match[str]) -> str:
        if match[1] not in variables:
            known = ", ".join(f".{name}" for name in variables)
            raise UserError(f"-schema-location {template}: unknown variable .{match[1]}; expected one of {known}")
        return variables[match[1]]

    return _VARIABLE.sub(value, template)


def _read_json(path: Path) -> Found | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as err:  # a name too long for the file system, a permission
        raise UserError(f"{path.as_posix()}: cannot read schema ({err.strerror}); expected a readable file") from None
    return Found(path.as_posix(), _parse(text, path.as_posix()))


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as err:
        raise UserError(f"{source}:{err.lineno}: schema is not JSON: {err.msg}; expected a JSON schema") from None
    if not isinstance(schema, dict):
        raise UserError(f"{source}: schema is not a JSON object; expected a JSON schema")
    return schema


def _fetch(url: str, cache_dir: Path | None) -> Found | None:
    cached = cache_dir / (hashlib.sha256(url.encode()).hexdigest() + ".json") if cache_dir else None
    if cached is not None and cached.is_file():
        return Found(url, _parse(cached.read_text(encoding="utf-8"), url))
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise UserError(f"{url}: HTTP {err.code}; expected a reachable schema location") from None
    except (urllib.error.URLError, OSError) as err:
        raise UserError(f"{url}: cannot fetch ({err}); expected a reachable schema location") from None
    found = Found(url, _parse(text, url))
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(text, encoding="utf-8")
    return found
