"""A chart's values.yaml (and values.schema.json, when it has one) -> the JSON Schema fleetform checks values with.

Helm ignores a key no template reads, so a typo in a HelmRelease's values fails silently; fleetform makes it
an error. The derived schema follows the chart's defaults:

- a mapping whose keys ``values.yaml`` defines (with the keys it documents commented out,
  :mod:`.commented`) accepts only those keys;
- a mapping stays open where the defaults are an empty map, where all its keys look like label or file names
  (``istio.io/dataplane-mode``, ``datasources.yaml``), and where the chart passes it through to a Kubernetes
  object field or to the component's own configuration format (:data:`PASS_THROUGH`: annotations, labels,
  selectors, resources, securityContext, affinity, env, probes, strategies, ``config``/``meshConfig``...),
  whose schema is not the chart's and whose defaults are only an example;
- a scalar or list takes the type of its default (numbers as ``number``); a null default accepts anything;
- a subchart's section (``Chart.yaml`` dependencies, by alias) follows the subchart's own values when they
  are vendored beside it, and is open otherwise; ``global`` is open in a chart with dependencies (they read
  globals the parent does not list).

The chart's own ``values.schema.json`` applies as published (types, enums, ``required``), combined with the
above by ``allOf``; where it types a value, fleetform adds no type of its own, and where it leaves a mapping
open (``additionalProperties``, ``patternProperties``) so does fleetform. Like Helm, the values are checked
after being merged over the chart's defaults (:func:`fleetform.charts.problems.coalesce`).

Istio's charts keep their defaults under ``_internal_defaults_do_not_set`` and merge profiles over them
(``templates/zzz_profile.yaml``): the keys under the wrapper are the top-level keys, and ``platform``,
``profile`` and ``compatibilityVersion`` (also under ``global``) accept only the names of the chart's
``files/profile-*.yaml`` (any other name fails the template, "unknown platform").
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fleetform.charts.commented import KeyPath, commented_keys
from fleetform.versions import kubeyaml

WRAPPER = "_internal_defaults_do_not_set"
DRAFTS = ("http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2020-12/schema")
#: Key suffixes (case-insensitive) of values a chart passes through to a Kubernetes object field or to the
#: component's own configuration file: open mappings whatever their defaults hold.
PASS_THROUGH = re.compile(
    r"(annotations|labels|selector|resources|securitycontext|affinity|env|probe|strategy|config|\.ini)$", re.I
)
JSON_TYPES = ((bool, "boolean"), (int, "number"), (float, "number"), (str, "string"), (list, "array"))


@dataclass(frozen=True)
class ChartFiles:
    """What the derivation reads of one chart: ``values.yaml`` text, ``values.schema.json`` (parsed, or None),
    the names of its Istio-style profile files by kind (``platform`` -> ``gke``, ``k3d``...; empty for other
    charts), the keys whose content the chart merges into the top level (Istio CNI's legacy ``cni``), and
    each dependency's section key -> the subchart's files when vendored beside it, else None."""

    values_text: str
    upstream_schema: Mapping[str, Any] | None = None
    profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    descoped: tuple[str, ...] = ()
    subcharts: Mapping[str, ChartFiles | None] = field(default_factory=dict)


def derive(chart: ChartFiles) -> dict[str, Any]:
    """``{"defaults": <values.yaml data>, "schema": <JSON Schema>}``: the chart's vendored values data."""
    defaults = kubeyaml.load(chart.values_text) or {}
    top, commented = _top_level(chart, defaults)
    open_paths: set[KeyPath] = set()
    for key, sub in chart.subcharts.items():
        if sub is None:
            open_paths.add((key,))
            continue
        sub_defaults = kubeyaml.load(sub.values_text) or {}
        top[key] = merge(sub_defaults, top.get(key) or {})
        for path, keys in commented_keys(sub.values_text).items():
            commented.setdefault((key, *path), set()).update(keys)
    if chart.subcharts:
        open_paths.add(("global",))
    upstream = dict(chart.upstream_schema) if chart.upstream_schema else None
    walker = _Walker(commented, open_paths, upstream or {})
    root = walker.node(top, (), walker.resolve(upstream) if upstream else None)
    if chart.profiles:
        _add_profiles(root, chart.profiles)
    props = root.setdefault("properties", {})
    for key in chart.descoped:
        props[key] = copy.deepcopy({k: v for k, v in root.items() if k != "properties"})
        props[key]["properties"] = {k: v for k, v in props.items() if k != key}
    if WRAPPER in defaults:
        props[WRAPPER] = {}
    return {"defaults": defaults, "schema": _assemble(root, upstream)}


def merge(base: Any, over: Any) -> Any:
    """Helm's coalescing of ``over`` onto ``base``: maps merge key by key, anything else replaces, and a null
    in ``over`` deletes the key."""
    if not isinstance(base, dict) or not isinstance(over, dict):
        return copy.deepcopy(over)
    out = copy.deepcopy(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def _top_level(chart: ChartFiles, defaults: dict[str, Any]) -> tuple[dict[str, Any], dict[KeyPath, set[str]]]:
    commented = commented_keys(chart.values_text)
    if WRAPPER not in defaults:
        return copy.deepcopy(defaults), commented
    top = merge(defaults[WRAPPER], {k: v for k, v in defaults.items() if k != WRAPPER})
    unwrapped = {path[1:]: keys for path, keys in commented.items() if path[:1] == (WRAPPER,)}
    return top, unwrapped


def _add_profiles(root: dict[str, Any], profiles: Mapping[str, tuple[str, ...]]) -> None:
    props = root.setdefault("properties", {})
    global_props = props.setdefault("global", {"type": "object"}).setdefault("properties", {})
    for key, names in sorted(profiles.items()):
        choice = {"enum": ["", None, *sorted(names)]}
        props[key] = choice
        if key != "compatibilityVersion":
            global_props[key] = choice


def _assemble(root: dict[str, Any], upstream: dict[str, Any] | None) -> dict[str, Any]:
    if upstream is None:
        return {"$schema": DRAFTS[0], **root}
    draft = upstream.get("$schema") if upstream.get("$schema") in DRAFTS else DRAFTS[0]
    defs: dict[str, Any] = {k: upstream[k] for k in ("$defs", "definitions") if k in upstream}
    published = {k: v for k, v in upstream.items() if k not in ("$schema", "$defs", "definitions", "title", "defaults")}
    return {"$schema": draft, **defs, "allOf": [published, root]}


class _Walker:
    def __init__(self, commented: dict[KeyPath, set[str]], open_paths: set[KeyPath], upstream: dict[str, Any]):
        self.commented = commented
        self.open_paths = open_paths
        self.upstream = upstream

    def resolve(self, node: Any) -> dict[str, Any] | None:
        """``node`` with local ``$ref`` followed and ``allOf`` branches' properties merged in."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
            target: Any = self.upstream
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            node, seen = target, seen + 1
        if not isinstance(node, dict):
            return None
        if isinstance(node.get("allOf"), list):
            merged = {k: v for k, v in node.items() if k != "allOf"}
            for branch in node["allOf"]:
                resolved = self.resolve(branch) or {}
                merged.setdefault("properties", {}).update(resolved.get("properties", {}))
            return merged
        return node

    def node(self, value: Any, path: KeyPath, upstream: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, dict):
            return self.mapping(value, path, upstream)
        if value is None or upstream is not None:
            return {}
        return {"type": next(name for tp, name in JSON_TYPES if isinstance(value, tp))}

    def mapping(self, value: dict[str, Any], path: KeyPath, upstream: dict[str, Any] | None) -> dict[str, Any]:
        out: dict[str, Any] = {} if upstream is not None else {"type": "object"}
        declared = upstream.get("properties", {}) if upstream is not None else {}
        keys = {str(k) for k in value} | self.commented.get(path, set()) | set(declared)
        if self.is_open(value, path, upstream):
            return out
        props = {}
        for key in sorted(keys - {WRAPPER}):
            child = self.resolve(declared[key]) if key in declared else None
            props[key] = self.node(value.get(key), (*path, key), child) if key in value else {}
        out["properties"] = props
        out["additionalProperties"] = False
        return out

    def is_open(self, value: dict[str, Any], path: KeyPath, upstream: dict[str, Any] | None) -> bool:
        if any(path[: len(p)] == p for p in self.open_paths):
            return True
        if upstream is not None and (
            upstream.get("additionalProperties", False) is not False
            or any(key in upstream for key in ("patternProperties", "anyOf", "oneOf"))
        ):
            return True
        if not value and not self.commented.get(path) and not (upstream or {}).get("properties"):
            return True
        if path and PASS_THROUGH.search(path[-1]):
            return True
        return bool(value) and all("/" in str(k) or "." in str(k) for k in value)
