"""What policies run on: every Kubernetes object and every Terraform resource under the given paths,
with where it is (file, line), which cluster it belongs to, and its label in messages."""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fleetform.clouds import CLOUDS
from fleetform.errors import located
from fleetform.files import FileProblem, decode, manifest_files, read_raw
from fleetform.parse_cache import ParseCache

_CLUSTER = re.compile(rf"^({'|'.join(CLOUDS)})-([a-z0-9]+)")
#: Files with an apiVersion/kind that are tooling, not cluster objects.
_NOT_OBJECTS = ("kustomize.config.k8s.io/",)


@dataclass(frozen=True)
class ClusterRef:
    """The cluster a file belongs to: ``scope`` groups its objects (fleet rules, namespaces)."""

    scope: str
    cloud: str | None
    environment: str | None

    @property
    def data(self) -> dict[str, Any]:
        """The ``cluster`` CEL variable of Terraform policies."""
        return {"id": Path(self.scope).name, "cloud": self.cloud, "environment": self.environment}


@dataclass(frozen=True)
class Target:
    """One object: a Kubernetes manifest, or one Terraform resource (``tf_type`` set)."""

    file: str
    line: int
    label: str
    cluster: ClusterRef
    data: dict[str, Any]
    tf_type: str | None = None
    tf_name: str | None = None
    tf_stack: dict[str, Any] = field(default_factory=dict)


def object_label(data: dict[str, Any]) -> str:
    """``apps/v1 Deployment ml-prod/api``; cluster-scoped objects have no namespace part."""
    meta = data.get("metadata") or {}
    name = meta.get("name", "")
    where = f"{meta['namespace']}/{name}" if meta.get("namespace") else name
    return f"{data.get('apiVersion')} {data.get('kind')} {where}"


def cluster_of(path: Path) -> ClusterRef:
    """The nearest ``<cloud>-<env>`` folder; else the file is a cluster of its own (its name may carry
    ``<cloud>-<env>``, as policy fixtures do)."""
    found = _cluster_folder(path.parent.as_posix())
    if found is not None:
        return found
    match = _CLUSTER.match(path.name)
    return ClusterRef(path.as_posix(), match.group(1) if match else None, match.group(2) if match else None)


@functools.lru_cache(maxsize=4096)
def _cluster_folder(folder: str) -> ClusterRef | None:
    """The nearest ``<cloud>-<env>`` folder of ``folder`` or its parents (cached: files share folders)."""
    for parent in (Path(folder), *Path(folder).parents):
        match = _CLUSTER.match(parent.name)
        if match and parent.name == match.group(0):
            return ClusterRef(parent.as_posix(), match.group(1), match.group(2))
    return None


def load_targets(paths: list[Path], cache: ParseCache | None = None) -> list[Target]:
    """Every object under ``paths`` (folders are walked), in file then document order."""
    return [target for file in manifest_files(paths) for target in file_targets(file, cache)]


def file_targets(file: Path, cache: ParseCache | None = None) -> list[Target]:
    """The objects of one file, in document order; raises :class:`UserError` on a missing or bad file.
    ``cache`` keeps parsed files between runs (see :mod:`fleetform.parse_cache`)."""
    if not file.is_file():
        raise located(file.as_posix(), None, "", "no such file or folder", "an existing path")
    return content_targets(file.as_posix(), _read(file), cache)


def content_targets(name: str, raw: bytes, cache: ParseCache | None = None) -> list[Target]:
    """The objects of a file's bytes ``raw``, named ``name`` (a path: it says the cluster and the format), as
    :func:`file_targets` reads them: an in-memory tree (a fresh synth) is checked without writing it out."""
    if name.endswith(".tf.json"):
        return _terraform_targets(name, raw, cache)
    return _kubernetes_targets(name, raw, cache)


def _kubernetes_targets(name: str, raw: bytes, cache: ParseCache | None) -> list[Target]:
    cluster = cluster_of(Path(name))
    try:
        parse = functools.partial(_parse_manifests, name, raw)
        documents = parse() if cache is None else cache.cached("manifests", raw, parse)
    except FileProblem as exc:
        raise located(name, exc.line, "", f"invalid YAML ({exc.problem})", "well-formed YAML") from None
    return [
        Target(name, line, object_label(data), cluster, data)
        for line, data in documents
        if isinstance(data, dict)
        and data.get("apiVersion")
        and data.get("kind")
        and not str(data["apiVersion"]).startswith(_NOT_OBJECTS)
    ]


def _parse_manifests(name: str, raw: bytes) -> list[tuple[int, Any]]:
    """(line, data) of each document; a :class:`FileProblem` for bad input. The YAML parsers are imported
    here, on a cache miss: a run that finds every file in the cache never loads them."""
    import yaml

    from fleetform.documents import read_documents

    text = decode(raw)  # a FileProblem as it is
    try:
        return [(doc.line, doc.data) for doc in read_documents(name, text)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileProblem(str(getattr(exc, "problem", exc)), mark.line + 1 if mark else None) from None


def _read(file: Path) -> bytes:
    """The file's bytes; a located error when it cannot be read or is too big."""
    try:
        return read_raw(file)
    except FileProblem as exc:
        raise located(file.as_posix(), exc.line, "", exc.problem, "a readable file") from None


def _terraform_targets(file: str, raw: bytes, cache: ParseCache | None) -> list[Target]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise located(file, line, "", f"not UTF-8 (offset {exc.start})", "a UTF-8 cdk.tf.json") from None
    try:
        stack = json.loads(text) if cache is None else cache.cached("json", raw, functools.partial(json.loads, text))
    except json.JSONDecodeError as exc:
        raise located(file, exc.lineno, "", f"invalid JSON ({exc.msg})", "a cdk.tf.json") from None
    if not isinstance(stack, dict):
        raise located(file, 1, "", "not a JSON object", "a cdk.tf.json document")
    resources = stack.get("resource") or {}
    cluster = cluster_of(Path(file))
    out: list[Target] = []
    lines = _LineFinder(text)
    for tf_type in sorted(resources):
        for name in sorted(resources[tf_type]):
            out.append(
                Target(
                    file,
                    lines.find(tf_type, name),
                    f"{tf_type}.{name}",
                    cluster,
                    resources[tf_type][name],
                    tf_type,
                    name,
                    stack,
                )
            )
    return out


class _LineFinder:
    """Line of ``"resource": {"<type>": {"<name>": ...`` in pretty-printed JSON."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._start = max(text.find('"resource"'), 0)
        self._newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def find(self, tf_type: str, name: str) -> int:
        at = self._text.find(f'"{tf_type}"', self._start)
        at = self._text.find(f'"{name}"', max(at, self._start))
        return bisect.bisect_left(self._newlines, max(at, 0)) + 1


_NEWLINE = re.compile("\n")
