"""What policies run on: every Kubernetes object and every Terraform resource under the given paths,
with where it is (file, line), which cluster it belongs to, and its label in messages."""

from __future__ import annotations

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
from fleetform.policy.shapes import ValueProblem, json_reason, load_json, shape_problem, value_problem

_CLUSTER = re.compile(rf"^({'|'.join(CLOUDS)})-([a-z0-9]+)")
#: Files with an apiVersion/kind that are tooling, not cluster objects.
_NOT_OBJECTS = ("kustomize.config.k8s.io/",)


@dataclass(frozen=True)
class ClusterRef:
    """The cluster a file belongs to: ``scope`` groups its objects (fleet rules, namespaces)."""

    scope: str
    cloud: str | None
    environment: str | None

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The ``cluster`` CEL variable of Terraform policies (made once per cluster)."""
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
        problem = exc.problem.splitlines()[0] if exc.problem else "unreadable"  # one line: no parser's context
        raise located(name, exc.line, "", f"invalid YAML ({problem})", "well-formed YAML") from None
    except ValueProblem as exc:
        raise located(name, exc.line, exc.path, exc.problem, "values the API server and CEL take") from None
    objects = [
        (line, data)
        for line, data in documents
        if isinstance(data, dict)
        and data.get("apiVersion")
        and data.get("kind")
        and not str(data["apiVersion"]).startswith(_NOT_OBJECTS)
    ]
    for line, data in objects:
        shape = shape_problem(data)
        if shape is not None:
            raise located(name, line, shape[0], shape[1], "what the API server takes (see the object's schema)")
    return [Target(name, line, object_label(data), cluster, data) for line, data in objects]


def load_parsers() -> None:
    """Import the YAML parsers :func:`_parse_manifests` imports on its first call (~20 ms): before a fork
    that will parse in every process, so that the children share them."""
    import yaml  # noqa: F401

    import fleetform.documents  # noqa: F401


def _parse_manifests(name: str, raw: bytes) -> list[tuple[int, Any]]:
    """(line, data) of each document; a :class:`FileProblem` for bad input. The YAML parsers are imported
    here, on a cache miss: a run that finds every file in the cache never loads them."""
    import yaml

    from fleetform.documents import read_documents

    text = decode(raw)  # a FileProblem as it is
    keys: dict[str, str] | None = {} if len(raw) >= SHARE_KEYS_FROM else None
    try:
        documents = [(doc.line, _share(doc.data, keys)) for doc in read_documents(name, text)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileProblem(str(getattr(exc, "problem", exc)), mark.line + 1 if mark else None) from None
    for line, data in documents:  # here, on a cache miss: a cached parse passed
        problem = value_problem(data)
        if problem is not None:
            raise ValueProblem(line, *problem)
    return documents


#: Files at least this big (64 KiB, about 15 Deployments) have their documents' mapping keys shared (see
#: :func:`_shared_keys`): from there a file's parsed objects outweigh a run's fixed memory (at 1 MiB the
#: policy step grew by 9.0x the file's size unshared, 6.9x shared; ``bench/memory.py --size``).
SHARE_KEYS_FROM = 1 << 16


def _share(data: Any, keys: dict[str, str] | None) -> Any:
    if keys is None:
        return data
    try:
        return _shared_keys(data, keys)
    except RecursionError:  # nested deeper than Python recurses: kept as read
        return data


def _shared_keys(data: Any, keys: dict[str, str]) -> Any:
    """``data`` with each mapping key replaced by the first equal key met (``keys`` holds them across the
    documents of a file). A policy run holds every object of a file at once, and a file of many similar
    documents repeats the same keys: on 950 Deployments (4 MiB) sharing them takes the data from 23 to
    15 MiB. Done as each document is read (so the unshared copies never pile up), for large files only:
    it costs about a tenth of the parse."""
    if isinstance(data, dict):
        return {keys.setdefault(key, key): _shared_keys(value, keys) for key, value in data.items()}
    if isinstance(data, list):
        return [_shared_keys(item, keys) for item in data]
    return data


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
    name = file
    try:
        stack = load_json(text) if cache is None else cache.cached("json", raw, functools.partial(load_json, text))
    except json.JSONDecodeError as exc:
        raise located(name, exc.lineno, "", f"invalid JSON ({exc.msg})", "a cdk.tf.json") from None
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits, or deep nesting
        raise located(name, None, "", f"invalid JSON ({json_reason(exc)})", "a cdk.tf.json") from None
    if not isinstance(stack, dict):
        raise located(name, 1, "", "not a JSON object", "a cdk.tf.json document")
    finder = _LineFinder(text)
    resources = _table(stack.get("resource") or {}, name, finder, (), "resource types by name")
    for tf_type in resources:
        for body_name, body in _table(resources[tf_type], name, finder, (tf_type,), "resources by name").items():
            _table(body, name, finder, (tf_type, body_name), "a resource's arguments")
    cluster = cluster_of(Path(file))
    keys = [(tf_type, name) for tf_type in sorted(resources) for name in sorted(resources[tf_type])]
    lines = _lines(text, keys)
    return [
        Target(file, line, f"{tf_type}.{name}", cluster, resources[tf_type][name], tf_type, name, stack)
        for (tf_type, name), line in zip(keys, lines, strict=True)
    ]


def _lines(text: str, keys: list[tuple[str, str]]) -> list[int]:
    """The line of each ``"resource": {"<type>": {"<name>": ...`` in pretty-printed JSON: offsets first,
    then newlines counted once over the text, from one offset to the next in offset order."""
    start = max(text.find('"resource"'), 0)
    offsets = []
    for tf_type, name in keys:
        at = text.find(f'"{tf_type}"', start)
        offsets.append(max(text.find(f'"{name}"', max(at, start)), 0))
    lines = [0] * len(keys)
    line, previous = 1, 0
    for index in sorted(range(len(keys)), key=offsets.__getitem__):
        line += text.count("\n", previous, offsets[index])
        previous = offsets[index]
        lines[index] = line
    return lines


def _table(value: Any, file: str, lines: _LineFinder, keys: tuple[str, ...], expected: str) -> dict[str, Any]:
    """``value`` (at ``resource.<keys>``) when it is a JSON object; a located error otherwise."""
    if not isinstance(value, dict):
        shown = json.dumps(value)
        shown = shown if len(shown) <= 60 else f"{shown[:60]}…"
        place = ".".join(("resource", *keys))
        raise located(file, lines.find(*keys), place, f"{shown} is not a JSON object", f"an object of {expected}")
    return value


class _LineFinder:
    """Line of ``"resource": {"<type>": {"<name>": ...`` in pretty-printed JSON."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._start = max(text.find('"resource"'), 0)

    def find(self, *keys: str) -> int:
        """The line of ``"resource"``, then of each of ``keys`` in turn after it (``type``, ``name``)."""
        at = self._start
        for key in keys:
            at = max(self._text.find(json.dumps(key), at), at)
        return self._text.count("\n", 0, at) + 1  # only for an error: no need to index the newlines
