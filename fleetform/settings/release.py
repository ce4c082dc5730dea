"""The platform's release: its version, images and chart pins; shared in ``settings/platform.yaml``, pinned
per environment under ``release:`` in ``settings/environments/<env>.yaml``.

An environment's ``release:`` overrides the shared values key by key: ``version``, an image as a whole
(repository, tag and digest belong together), a chart pin. What it does not name follows
``platform.yaml``. ``fleetform promote FROM TO`` writes FROM's values into TO's ``release:``, so a new
release reaches dev, then staging, then production, one reviewed commit each.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Annotated

from fleetform.rules import Problem, Rule
from fleetform.settings.formats import label_value_problem
from fleetform.settings.services import VERSION, ChartVersions

#: ``app.kubernetes.io/version`` carries the platform version: a semantic version that is also a label value.
PLATFORM_VERSION = Rule(
    pattern=r"\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?", means="a semantic version such as 1.4.2", problem=label_value_problem
)


@dataclass(frozen=True)
class Image:
    """A container image pinned by tag and digest."""

    repository: Annotated[str, Rule(pattern=r"[a-z0-9.-]+(:\d+)?(/[a-z0-9._-]+)+", means="a registry/path")]
    tag: Annotated[str, Rule(pattern=r"(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", means="an immutable tag")]
    digest: Annotated[str, Rule(pattern=r"sha256:[0-9a-f]{64}", means="a sha256:<64 hex> digest")]

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}@{self.digest}"


@dataclass(frozen=True)
class Images:
    api: Image
    worker: Image
    retraining: Image
    kubectl: Image


#: The names an environment's ``release.images`` and ``release.charts`` may pin.
IMAGE_NAMES = tuple(f.name for f in dataclasses.fields(Images))
CHART_NAMES = tuple(f.name for f in dataclasses.fields(ChartVersions))


@dataclass(frozen=True)
class Release:
    """``release:`` of an environment: the pins it holds apart from ``platform.yaml`` (none by default)."""

    version: Annotated[str, PLATFORM_VERSION] | None = None
    images: dict[str, Image] = field(default_factory=dict)
    charts: dict[str, Annotated[str, VERSION]] = field(default_factory=dict)

    def problems(self) -> list[Problem]:
        for key, known in (("images", IMAGE_NAMES), ("charts", CHART_NAMES)):
            table: dict[str, object] = getattr(self, key)
            for name in table:
                if name not in known:
                    return [Problem((key, name), f"unknown {key[:-1]} '{name}'", f"one of: {', '.join(known)}")]
        return []

    def pinned(self, version: str, images: Images, charts: ChartVersions) -> tuple[str, Images, ChartVersions]:
        """The shared ``version``, ``images`` and ``charts`` with this release's pins in place."""
        return (
            self.version or version,
            dataclasses.replace(images, **self.images),
            dataclasses.replace(charts, **self.charts),
        )
