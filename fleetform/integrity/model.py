"""What the gate's rules read: one cluster's Kubernetes objects and Terraform resources, indexed, with where
each one is (file, line), and the problems rules report about them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fleetform.integrity.world import World

#: ``${<type>.<name>.<attribute>...}``: a reference between resources of a CDK Terrain stack.
REFERENCE = re.compile(r"\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)[^}]*\}")
#: The part of a path inside an object: mapping keys and list indexes.
Path = tuple[str | int, ...]


class Obj:
    """One Kubernetes object of the tree: ``data`` is the document as parsed, ``line`` where it starts."""

    __slots__ = ("api_version", "data", "file", "kind", "label", "line", "name", "namespace")

    def __init__(self, file: str, line: int, label: str, data: Mapping[str, Any]) -> None:
        meta = data.get("metadata") or {}
        self.file = file
        self.line = line
        self.label = label
        self.data = data
        self.api_version = str(data.get("apiVersion") or "")
        self.kind = str(data.get("kind") or "")
        self.namespace = str(meta.get("namespace") or "")
        self.name = str(meta.get("name") or "")

    @property
    def group(self) -> str:
        """The API group (``apps``, ``helm.toolkit.fluxcd.io``; ``""`` for the core group)."""
        return self.api_version.rpartition("/")[0]

    @property
    def labels(self) -> Mapping[str, str]:
        return dig(self.data, "metadata", "labels") or {}

    @property
    def annotations(self) -> Mapping[str, str]:
        return dig(self.data, "metadata", "annotations") or {}

    @property
    def spec(self) -> Mapping[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, Mapping) else {}

    @property
    def ref(self) -> str:
        """``Kind namespace/name`` (``Kind name`` when cluster-scoped), as messages name an object."""
        return f"{self.kind} {self.namespace}/{self.name}" if self.namespace else f"{self.kind} {self.name}"


class Resource:
    """One Terraform resource of the cluster's stack: ``<type>.<name>``, its arguments and its line."""

    __slots__ = ("data", "file", "line", "name", "type")

    def __init__(self, file: str, line: int, tf_type: str, name: str, data: Mapping[str, Any]) -> None:
        self.file = file
        self.line = line
        self.type = tf_type
        self.name = name
        self.data = data

    @property
    def label(self) -> str:
        return f"{self.type}.{self.name}"


class Stack:
    """The cluster's ``cdk.tf.json``: resources by type and name, with references resolved where the stack
    itself holds the value (a bucket's ``bucket``, a role's ``name``), not where the cloud computes it."""

    def __init__(self, file: str, data: Mapping[str, Any], resources: Sequence[Resource]) -> None:
        self.file = file
        self.data = data
        self._by_type: dict[str, dict[str, Resource]] = {}
        for resource in resources:
            self._by_type.setdefault(resource.type, {})[resource.name] = resource

    @property
    def size(self) -> int:
        """How many resources the stack declares."""
        return sum(len(named) for named in self._by_type.values())

    def of_type(self, *types: str) -> list[Resource]:
        return [r for t in types for _, r in sorted(self._by_type.get(t, {}).items())]

    def get(self, tf_type: str, name: str) -> Resource | None:
        return self._by_type.get(tf_type, {}).get(name)

    def provider(self, name: str) -> Mapping[str, Any]:
        """The first configuration of provider ``name`` (``{}`` when there is none)."""
        configs = dig(self.data, "provider", name) or [{}]
        first = configs[0] if isinstance(configs, list) and configs else configs
        return first if isinstance(first, Mapping) else {}

    def referenced(self, value: Any) -> list[Resource]:
        """The resources ``${...}`` references in ``value`` (a string, or any nesting of lists and maps) name."""
        found = []
        for text in _strings(value):
            for match in REFERENCE.finditer(text):
                resource = self.get(match[1], match[2])
                if resource is not None:
                    found.append(resource)
        return found

    def resolve(self, value: Any) -> str | None:
        """``value`` with each ``${type.name.attribute}`` replaced by that argument of the resource; ``None``
        when one is computed by the cloud (an ARN, an id) or is not a string."""
        if not isinstance(value, str):
            return None
        unknown = False

        def literal(match: re.Match[str]) -> str:
            nonlocal unknown
            resource = self.get(match[1], match[2])
            attribute = resource.data.get(match[3]) if resource is not None else None
            if not isinstance(attribute, (str, int)) or match[0] != f"${{{match[1]}.{match[2]}.{match[3]}}}":
                unknown = True
                return ""
            return str(attribute)

        text = REFERENCE.sub(literal, value)
        return None if unknown or "${" in text else text


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


class Cluster:
    """One ``<cloud>-<env>`` cluster as the tree describes it: its objects (``dist/k8s/<id>/``), its stack
    (``dist/terraform/<id>/cdk.tf.json``, ``None`` when the tree has none) and the date of the run."""

    def __init__(
        self,
        *,
        id: str,
        cloud: str | None,
        environment: str | None,
        objects: Sequence[Obj],
        stack: Stack | None,
        today: dt.date,
    ) -> None:
        self.id = id
        self.cloud = cloud
        self.environment = environment
        self.objects = tuple(objects)
        self.stack = stack
        self.today = today

    @cached_property
    def _kinds(self) -> dict[str, list[Obj]]:
        kinds: dict[str, list[Obj]] = {}
        for obj in self.objects:
            kinds.setdefault(obj.kind, []).append(obj)
        return kinds

    @cached_property
    def _names(self) -> dict[tuple[str, str, str], Obj]:
        return {(o.kind, o.namespace, o.name): o for o in self.objects}

    def of_kind(self, *kinds: str) -> list[Obj]:
        """The objects of these kinds, in file order."""
        if len(kinds) == 1:
            return self._kinds.get(kinds[0], [])
        return sorted((o for k in kinds for o in self._kinds.get(k, [])), key=lambda o: (o.file, o.line))

    def get(self, kind: str, namespace: str, name: str) -> Obj | None:
        """The object of ``kind`` named ``name`` in ``namespace`` (``""``: cluster-scoped)."""
        return self._names.get((kind, namespace, name))

    def in_namespace(self, namespace: str) -> list[Obj]:
        return [o for o in self.objects if o.namespace == namespace]

    @cached_property
    def world(self) -> World:
        """What exists in the running cluster: these objects and what their producers create."""
        from fleetform.integrity.world import build_world

        return build_world(self)


@dataclass(frozen=True)
class Problem:
    """What a rule reports: ``subject`` (an object or a resource) is wrong at ``path``; ``message`` says what
    is missing and the fix (``...; expected ...``). The gate adds the rule id and the line of ``path``."""

    subject: Obj | Resource
    message: str
    path: Path = field(default=())


def dig(data: Any, *keys: str | int) -> Any:
    """``data[k1][k2]...``, or ``None`` as soon as a step is missing or of the wrong type."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(data, list) or not -len(data) <= key < len(data):
                return None
        elif not isinstance(data, Mapping):
            return None
        data = data[key] if isinstance(key, int) else data.get(key)
    return data


def render_path(path: Path) -> str:
    """``("spec", "containers", 0, "image")`` -> ``spec.containers[0].image``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
