"""Read upstream Kubernetes YAML (CRDs, install manifests, chart values) as Kubernetes' and Helm's Go YAML
readers do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: YAML 1.1 resolutions Go's reader does not make: ``=`` as the "value" tag (prometheus-operator's CRDs list
#: ``=`` as an enum value) and timestamps (they stay strings, as in JSON).
_GO_STRINGS = ("tag:yaml.org,2002:value", "tag:yaml.org,2002:timestamp")


class KubeLoader(_Base):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader without the resolutions of :data:`_GO_STRINGS`."""

    yaml_implicit_resolvers: ClassVar[dict[Any, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _GO_STRINGS]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


def load(text: str) -> Any:
    """The one document of ``text`` (a chart's values.yaml, say)."""
    return yaml.load(text, Loader=KubeLoader)


def load_objects(text: str) -> Iterator[dict[str, Any]]:
    """Every mapping document of ``text`` (empty documents skipped)."""
    for doc in yaml.load_all(text, Loader=KubeLoader):
        if isinstance(doc, dict):
            yield doc
