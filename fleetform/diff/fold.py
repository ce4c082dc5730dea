"""One line per distinct edit: each change is described without the object it is on (``label
app.kubernetes.io/version 1.4.2 → 1.4.3``, ``HorizontalPodAutoscaler spec.maxReplicas 3 → 4``), and equal
descriptions are folded into one :class:`~fleetform.diff.model.Headline` with the objects and clusters."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fleetform.diff.fields import Change, display
from fleetform.diff.model import ADDED, CHANGED, K8S, REMOVED, REPEATED, ClusterDiff, Headline
from fleetform.diff.objects import Item
from fleetform.diff.rank import rank
from fleetform.diff.terraform import is_tag

#: Values longer than this are cut (with ``…``) in descriptions; the JSON output keeps them whole.
MAX_VALUE = 120
#: Characters shown before the first difference of two long strings.
CONTEXT = 30
#: How environments are ordered when they have these names (promotion order); others follow by name.
ENVIRONMENT_ORDER = ("dev", "development", "test", "qa", "staging", "stage", "preprod", "production", "prod")
_DIGEST = re.compile(r"@sha256:([0-9a-f]{12})[0-9a-f]{52}")


def environment_of(cluster: str) -> str:
    """``aws-production`` -> ``production`` (clusters are ``<cloud>-<environment>``)."""
    return cluster.split("-", 1)[1] if "-" in cluster else cluster


def order_environments(environments: set[str]) -> tuple[str, ...]:
    known = {name: index for index, name in enumerate(ENVIRONMENT_ORDER)}
    return tuple(sorted(environments, key=lambda env: (known.get(env, len(known)), env)))


def value_text(value: Any) -> str:
    """A value on one line: strings as they are (line breaks and the spaces around them as one space), the
    rest as JSON; image digests cut to 12 hex digits."""
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, separators=(", ", ": "))
    if "\n" in text:
        text = " ".join(text.split())
    text = _DIGEST.sub(r"@sha256:\1…", text)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def edit_text(op: str, old: Any, new: Any) -> str:
    """``old → new``, ``added: new`` or ``removed: old``. Two long strings are shown from a little before
    where they start to differ (``…``), so that the difference is not cut off."""
    if op == ADDED:
        return f"added: {value_text(new)}"
    if op == REMOVED:
        return f"removed: {value_text(old)}"
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > MAX_VALUE:
        old, new = " ".join(old.split()), " ".join(new.split())
        same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        start = max(0, same - CONTEXT)
        if start:
            old, new = f"…{old[start:]}", f"…{new[start:]}"
    return f"{value_text(old)} → {value_text(new)}"


def field_summary(item: Item, change: Change, category: str | None) -> str:
    """How one field change reads folded: labels and annotations by key, images and chart versions by
    what they are, anything else by the kind (or Terraform type) and the field's path."""
    path, edit = change.path, edit_text(change.op, change.old, change.new)
    if len(path) >= 3 and path[-3] == "metadata" and path[-2] in ("labels", "annotations"):
        return f"{path[-2][:-1]} {path[-1]} {edit}"
    if item.layer != K8S and is_tag(path):
        return f"tag {path[-1]} {edit}"
    if category == "images" and path[-1] == "image":
        return f"image {edit}"
    if category == "charts":
        return f"chart {_dig(item.data, 'spec', 'chart', 'spec', 'chart') or item.name} {edit}"
    subject = item.kind if item.layer == K8S or item.block in ("resource", "data") else item.identity
    return f"{subject} {display(path)} {edit}"


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def object_summary(item: Item, status: str) -> str:
    if item.layer == K8S:
        return f"{status} {item.kind} {item.name}"
    if item.block == "resource":
        return f"{'created' if status == ADDED else 'destroyed'} {item.identity}"
    return f"{status} {item.identity}"


def short_name(item: Item) -> str:
    return f"{item.kind} {item.name}" if item.layer == K8S else item.identity


@dataclass
class _Group:
    objects: set[tuple[str, str]] = field(default_factory=set)
    examples: set[str] = field(default_factory=set)


def fold(clusters: list[ClusterDiff], environments: tuple[str, ...]) -> tuple[Headline, ...]:
    """Every distinct edit once, ranked: by category (:func:`~fleetform.diff.rank.rank`), then the most
    objects first, then by text."""
    groups: dict[tuple[str | None, str], _Group] = {}
    for cluster in clusters:
        for obj in cluster.objects:
            if obj.status == CHANGED:
                keys = {(change.category, change.summary) for change in obj.fields}
            else:
                keys = {(obj.category, obj.summary)}
            for key in keys:
                group = groups.setdefault(key, _Group())
                group.objects.add((obj.cluster, obj.identity))
                group.examples.add(obj.short)
    every = set(environments)
    out = []
    for (category, text), group in groups.items():
        clusters_hit = tuple(sorted({cluster for cluster, _ in group.objects}))
        reached = {environment_of(cluster) for cluster in clusters_hit}
        out.append(
            Headline(
                category=category,
                text=text,
                objects=len(group.objects),
                clusters=clusters_hit,
                all_environments=len(every) > 1 and reached == every,
                examples=tuple(sorted(group.examples)[:3]),
                repeated=category is None and len(group.objects) >= REPEATED,
            )
        )
    return tuple(sorted(out, key=lambda h: (rank(h.category), -h.objects, h.text)))
