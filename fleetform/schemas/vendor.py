"""``fleetform schemas vendor``: derive every vendored artefact of the component versions found upstream.

For each registered component (:data:`fleetform.versions.COMPONENTS`) and each of its versions present in the
upstream folder (:mod:`.upstream`), it writes into ``fleetform/versions/vendored/<component>/<version>/``:
``values/<chart>.json`` per chart (:func:`fleetform.charts.derive.derive`), ``crds/<group>/<kind>_<version>.json``
per served version of every CRD (:func:`fleetform.schemas.crd.convert_crd`), Flux's ``gotk-components.yaml``
and ``images.yaml`` as they are, and ``SOURCE.json`` (where each file came from, with its sha256). The
hand-written ``support.yaml`` must already be there: a version nobody has checked the support of is not vendored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from fleetform.charts.derive import derive
from fleetform.errors import UserError
from fleetform.schemas.crd import convert_crd
from fleetform.schemas.upstream import UpstreamDir, chart_dir, chart_files, crd_documents
from fleetform.versions.components import COMPONENTS, Component
from fleetform.versions.pins import Pin
from fleetform.versions.vendored import SOURCE, SUPPORT, VENDORED, vendored_dir, version_key

Tree = dict[str, bytes]  # path under the vendored root -> content
FLUX_FILES = ("gotk-components.yaml", "images.yaml")


def vendor(source: Path, root: Path = VENDORED) -> Tree:
    """Every derived file of every component version found under ``source``."""
    out: Tree = {}
    for component in COMPONENTS.values():
        for version in _versions(source, component):
            pin = Pin(component.name, version)
            if not (vendored_dir(pin, root) / SUPPORT).is_file():
                raise UserError(
                    f"{vendored_dir(pin, root) / SUPPORT}: file not found; expected the support record of {pin}, "
                    "written by hand from the project's support policy (README: 'Vendored upstream data')"
                )
            files = _flux(source, pin) if component.name == "flux" else _charts(source, pin, component)
            out.update({f"{pin.component}/{pin.version}/{name}": data for name, data in files.items()})
    if not out:
        raise UserError(
            f"{source}: no upstream files of a known component; expected charts/<chart>/<version>/ or flux/<version>/"
        )
    return dict(sorted(out.items()))


def write(tree: Tree, root: Path = VENDORED) -> list[str]:
    """Write ``tree``; in each folder it covers, remove derived files it no longer holds (``support.yaml`` stays)."""
    for folder in sorted({name.rsplit("/", 1)[0].split("/values/")[0].split("/crds/")[0] for name in tree}):
        for stale in sorted((root / folder).rglob("*")):
            rel = stale.relative_to(root).as_posix()
            if stale.is_file() and stale.name != SUPPORT and rel not in tree:
                stale.unlink()
    for name, data in tree.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return sorted(tree)


def differences(tree: Tree, root: Path = VENDORED) -> list[str]:
    """``missing``/``stale``/``extra`` files of the folders ``tree`` covers, compared with ``root``."""
    folders = {"/".join(name.split("/")[:2]) for name in tree}
    present = {
        p.relative_to(root).as_posix()
        for folder in folders
        for p in (root / folder).rglob("*")
        if p.is_file() and p.name != SUPPORT and "__pycache__" not in p.parts
    }
    out = [f"extra {name}" for name in sorted(present - set(tree))]
    for name, data in tree.items():
        if name not in present:
            out.append(f"missing {name}")
        elif (root / name).read_bytes() != data:
            out.append(f"stale {name}")
    return out


def dump(data: Any) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _versions(source: Path, component: Component) -> list[str]:
    if component.name == "flux":
        base = source / "flux"
        return sorted((p.name for p in base.iterdir() if p.is_dir()), key=version_key) if base.is_dir() else []
    if not component.charts:
        return []
    first = source / "charts" / component.charts[0]
    versions = sorted((p.name for p in first.iterdir() if p.is_dir()), key=version_key) if first.is_dir() else []
    for version in versions:
        for chart in component.charts:
            if chart_dir(source, chart, version) is None:
                raise UserError(
                    f"{source / 'charts' / chart / version}: no Chart.yaml; expected every chart of "
                    f"{component.name} {version}: {', '.join(component.charts)}"
                )
    return versions


def _charts(source: Path, pin: Pin, component: Component) -> Tree:
    out: Tree = {}
    upstreams: list[dict[str, Any]] = []
    digests: dict[str, str] = {}
    crd_files: list[Path] = []
    for chart in component.charts:
        folder = chart_dir(source, chart, pin.version)
        assert folder is not None  # checked by _versions
        files, read = chart_files(source, folder)
        out[f"values/{chart}.json"] = dump({"chart": chart, "version": pin.version, **derive(files)})
        crds = sorted((folder.folder / "crds").glob("*.y*ml"))
        crd_files += crds
        digests.update(folder.digest(path) for path in [*read, *crds])
        upstreams.append({"from": folder.folder.relative_to(source).as_posix(), **folder.source()})
    out.update(_crds(pin, crd_files))
    if component.crds and not any(name.startswith("crds/") for name in out):
        raise UserError(f"{pin}: no CustomResourceDefinition in the charts' crds/ folders; expected its CRD YAML there")
    out[SOURCE] = dump({"component": pin.component, "version": pin.version, "upstream": upstreams, "files": digests})
    return out


def _flux(source: Path, pin: Pin) -> Tree:
    folder = UpstreamDir(source, source / "flux" / pin.version)
    paths = [folder.folder / name for name in FLUX_FILES]
    for path in paths:
        folder.text(path.name)  # a missing file is a located user error
    images = yaml.safe_load(paths[1].read_text(encoding="utf-8"))
    if not all({"name", "newTag", "digest"} <= set(image) for image in (images or {}).get("images", [])):
        raise UserError(
            f"{paths[1]}: expected 'images:' entries with name, newTag and digest (a kustomize images list)"
        )
    out: Tree = {name: path.read_bytes() for name, path in zip(FLUX_FILES, paths, strict=True)}
    out.update(_crds(pin, paths[:1]))
    upstream = {"from": folder.folder.relative_to(source).as_posix(), **folder.source()}
    digests = dict(folder.digest(path) for path in paths)
    out[SOURCE] = dump({"component": pin.component, "version": pin.version, "upstream": [upstream], "files": digests})
    return out


def _crds(pin: Pin, paths: list[Path]) -> Tree:
    out: Tree = {}
    for path, doc in crd_documents(paths):
        for name, schema in convert_crd(doc, f"{path}").items():
            data = dump(schema)
            if out.get(f"crds/{name}", data) != data:
                raise UserError(
                    f"{path}: {name} differs from the same CRD in another file of {pin}; expected one definition"
                )
            out[f"crds/{name}"] = data
    return out
