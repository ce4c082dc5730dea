"""Read the upstream files ``fleetform schemas vendor --from DIR`` derives the vendored data from.

Layout of ``DIR`` (the layout the research tree and ``helm pull --untar`` give; README, "Vendored upstream
data")::

    charts/<chart>/<version>/    Chart.yaml, values.yaml, values.schema.json (when the chart has one),
                                 crds/*.yaml (every CRD the chart installs), files/profile-*.yaml (Istio),
                                 templates/zzy_descope_legacy.yaml (Istio CNI), SOURCE.json
                                 (``files/`` and ``templates/`` may also sit under ``extra/``; a chart
                                 unpacked by ``helm pull --untardir`` one level down, in ``<chart>/``)
    flux/<version>/              gotk-components.yaml (``flux install --export``), images.yaml (the
                                 images' digests), SOURCE.json

``SOURCE.json`` records where the files came from (:meth:`UpstreamDir.source`).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fleetform.charts.derive import ChartFiles
from fleetform.errors import UserError
from fleetform.versions.kubeyaml import load_objects

REPO_KEYS = ("repo", "tag", "commit", "paths")
SOURCE_KEYS = (*REPO_KEYS, "release_date", "helm_repo_url")


@dataclass(frozen=True)
class UpstreamDir:
    """One chart or Flux version's folder under ``DIR``, and the files read from it (path -> sha256)."""

    root: Path
    folder: Path

    def path(self, *names: str) -> Path | None:
        """The first of ``names`` (relative to the folder) that exists."""
        return next((self.folder / name for name in names if (self.folder / name).is_file()), None)

    def text(self, name: str) -> str:
        found = self.path(name)
        if found is None:
            raise UserError(
                f"{self.folder / name}: file not found; expected the upstream file (README: 'Vendored upstream data')"
            )
        return found.read_text(encoding="utf-8")

    def glob(self, pattern: str) -> list[Path]:
        return sorted(p for base in (self.folder, self.folder / "extra") for p in base.glob(pattern) if p.is_file())

    def source(self) -> dict[str, Any]:
        """The recorded source: ``repo``/``tag``/``commit``/``paths`` of one repository, or ``repos`` (a list of
        them, each with its ``role``) when the files were built from several; plus ``release_date`` and
        ``helm_repo_url`` when given."""
        data = json.loads(self.text("SOURCE.json"))
        repos = data.get("repos") if isinstance(data.get("repos"), list) else [data]
        if not repos or any(not (repo.get("repo") and repo.get("commit")) for repo in repos):
            raise UserError(f"{self.folder / 'SOURCE.json'}: no repo and commit; expected where the files came from")
        out = {key: data[key] for key in SOURCE_KEYS if key in data}
        if "repos" in data:
            out["repos"] = [{key: repo[key] for key in (*REPO_KEYS, "role") if key in repo} for repo in repos]
        return out

    def digest(self, path: Path) -> tuple[str, str]:
        return path.relative_to(self.root).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()


def chart_dir(root: Path, chart: str, version: str) -> UpstreamDir | None:
    """``DIR/charts/<chart>/<version>`` (or the ``<chart>/`` folder ``helm pull --untardir`` makes in it)."""
    folder = root / "charts" / chart / version
    if (folder / chart / "Chart.yaml").is_file():
        folder = folder / chart
    return UpstreamDir(root, folder) if (folder / "Chart.yaml").is_file() else None


def chart_files(root: Path, upstream: UpstreamDir) -> tuple[ChartFiles, list[Path]]:
    """The derivation's input for one chart, and every file it read."""
    read = [upstream.folder / "Chart.yaml", upstream.folder / "values.yaml"]
    schema_path = upstream.path("values.schema.json")
    if schema_path is not None:
        read.append(schema_path)
    profiles: dict[str, list[str]] = {}
    for path in upstream.glob("files/profile-*.yaml"):
        kind, name = _profile(path.stem.removeprefix("profile-"))
        profiles.setdefault(kind, []).append(name)
        read.append(path)
    descoped: tuple[str, ...] = ()
    for path in upstream.glob("templates/zzy_descope_legacy.yaml"):
        descoped = tuple(re.findall(r'index \$\.Values "([A-Za-z0-9_-]+)"', path.read_text(encoding="utf-8")))
        read.append(path)
    subcharts: dict[str, ChartFiles | None] = {}
    for dependency in (yaml.safe_load(upstream.text("Chart.yaml")) or {}).get("dependencies") or []:
        key = dependency.get("alias") or dependency["name"]
        sub = chart_dir(root, dependency["name"], str(dependency.get("version", "")))
        subcharts[key] = None
        if sub is not None:
            subcharts[key], sub_read = chart_files(root, sub)
            read += sub_read
    files = ChartFiles(
        values_text=upstream.text("values.yaml"),
        upstream_schema=json.loads(schema_path.read_text(encoding="utf-8")) if schema_path else None,
        profiles={kind: tuple(sorted(names)) for kind, names in profiles.items()},
        descoped=descoped,
        subcharts=subcharts,
    )
    return files, read


def _profile(name: str) -> tuple[str, str]:
    """``platform-gke`` -> (platform, gke); ``compatibility-version-1.29`` -> (compatibilityVersion, 1.29)."""
    if name.startswith("platform-"):
        return "platform", name.removeprefix("platform-")
    if name.startswith("compatibility-version-"):
        return "compatibilityVersion", name.removeprefix("compatibility-version-")
    return "profile", name


def crd_documents(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Every CustomResourceDefinition in ``paths`` (other documents, such as a kustomization, are skipped)."""
    out = []
    for path in paths:
        for doc in load_objects(path.read_text(encoding="utf-8")):
            if doc.get("kind") == "CustomResourceDefinition":
                out.append((path, doc))
    return out
