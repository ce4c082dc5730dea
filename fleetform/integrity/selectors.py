"""Label selectors as the API server evaluates them, and the pods a workload object runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from fleetform.integrity.model import Obj, Path, dig

#: Where each workload kind keeps its pod template (the pod spec is ``<path>.spec``).
POD_TEMPLATES: dict[str, Path] = {
    "Deployment": ("spec", "template"),
    "StatefulSet": ("spec", "template"),
    "DaemonSet": ("spec", "template"),
    "ReplicaSet": ("spec", "template"),
    "Job": ("spec", "template"),
    "CronJob": ("spec", "jobTemplate", "spec", "template"),
}


@dataclass(frozen=True)
class Pod:
    """Pods of one workload: from an object of the tree (``owner``, ``spec`` at ``path``), or made at run time
    by a producer (``by`` says which; the spec is then unknown: ``{}``)."""

    namespace: str
    labels: Mapping[str, str]
    kind: str
    name: str
    owner: Obj | None = None
    path: Path = ()
    spec: Mapping[str, Any] = field(default_factory=dict)
    by: str = ""

    @property
    def ref(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}"

    def containers(self) -> Iterator[tuple[Path, Mapping[str, Any]]]:
        """(path, container) of every init and app container of the spec."""
        for key in ("initContainers", "containers"):
            for index, container in enumerate(self.spec.get(key) or []):
                if isinstance(container, Mapping):
                    yield (*self.path, "spec", key, index), container


def pods_of(obj: Obj) -> Pod | None:
    """The pods ``obj`` runs (a workload or a bare Pod), ``None`` for other kinds."""
    if obj.kind == "Pod":
        return Pod(obj.namespace, obj.labels, obj.kind, obj.name, obj, (), obj.spec)
    template_path = POD_TEMPLATES.get(obj.kind)
    template = dig(obj.data, *template_path) if template_path is not None else None
    if template_path is None or not isinstance(template, Mapping):
        return None
    labels = dig(template, "metadata", "labels") or {}
    spec = template.get("spec")
    return Pod(obj.namespace, labels, obj.kind, obj.name, obj, template_path, spec if isinstance(spec, Mapping) else {})


def matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Whether a ``LabelSelector`` (``matchLabels`` and ``matchExpressions``) selects ``labels``; an empty
    selector selects everything."""
    if not selector:
        return True
    wanted = selector.get("matchLabels") or {}
    if any(labels.get(key) != str(value) for key, value in wanted.items()):
        return False
    return all(_expression(e, labels) for e in selector.get("matchExpressions") or [])


def matches_map(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """Whether a plain map selector (a Service's ``spec.selector``, an Istio ``selector``) selects ``labels``."""
    return all(labels.get(key) == str(value) for key, value in selector.items())


def _expression(expression: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    key, operator = str(expression.get("key")), expression.get("operator")
    values = [str(v) for v in expression.get("values") or []]
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    return False


def describe(selector: Mapping[str, Any]) -> str:
    """A selector as a short text: ``app=api, tier In (a, b)``."""
    plain = selector.get("matchLabels") if "matchLabels" in selector or "matchExpressions" in selector else selector
    parts = [f"{key}={value}" for key, value in sorted((plain or {}).items())]
    for e in selector.get("matchExpressions") or [] if plain is not selector else []:
        values = ", ".join(str(v) for v in e.get("values") or [])
        parts.append(f"{e.get('key')} {e.get('operator')}" + (f" ({values})" if values else ""))
    return ", ".join(parts) or "everything"
