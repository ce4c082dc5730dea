"""What a promotion changes: the release pins where TO differs from FROM, as leaves of TO's ``release:``.

The order of promotion is ``environments`` of ``settings/platform.yaml`` (dev, staging, production): a
release moves forward only, one reviewed commit per step; going back is ``git revert`` of a promotion.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from fleetform.errors import located
from fleetform.rules import KeyPath
from fleetform.settings import Settings
from fleetform.settings.release import CHART_NAMES, IMAGE_NAMES, Image
from fleetform.settings.yamlfile import read_settings_file

#: The fields of an image pin, in the order they are written.
IMAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Image))


@dataclass(frozen=True)
class PinChange:
    """One pin of TO that takes FROM's value: ``release.images.api``, ``1.4.2`` → ``1.4.3``."""

    path: KeyPath
    old: str
    new: str

    @property
    def key(self) -> str:
        return ".".join(str(part) for part in self.path)


@dataclass(frozen=True)
class Promotion:
    """The step FROM → TO: the pins that change and the leaves to write into TO's settings file."""

    source: str
    target: str
    file: Path
    changes: tuple[PinChange, ...]
    #: ``(key path in the file, value)`` for every scalar to write, parents before children.
    leaves: tuple[tuple[KeyPath, str], ...]


def plan_promotion(settings_root: Path, settings: Settings, source: str, target: str) -> Promotion:
    """The promotion ``source`` → ``target``; a located :class:`UserError` when the step is not one."""
    _check_step(settings_root, settings, source, target)
    old = settings.platform_of(target)
    new = settings.platform_of(source)
    pinned = settings.environments[target].release
    changes: list[PinChange] = []
    leaves: list[tuple[KeyPath, str]] = []
    if old.version != new.version:
        changes.append(PinChange(("release", "version"), old.version, new.version))
        leaves.append((("release", "version"), new.version))
    for name in IMAGE_NAMES:
        before: Image = getattr(old.images, name)
        after: Image = getattr(new.images, name)
        if before != after:
            changes.append(PinChange(("release", "images", name), before.ref, after.ref))
            fields = [f for f in IMAGE_FIELDS if name not in pinned.images or getattr(before, f) != getattr(after, f)]
            leaves.extend((("release", "images", name, f), getattr(after, f)) for f in fields)
    for name in CHART_NAMES:
        before_chart, after_chart = getattr(old.charts, name), getattr(new.charts, name)
        if before_chart != after_chart:
            changes.append(PinChange(("release", "charts", name), before_chart, after_chart))
            leaves.append((("release", "charts", name), after_chart))
    file = settings_root / "environments" / f"{target}.yaml"
    return Promotion(source, target, file, tuple(changes), tuple(leaves))


def _check_step(settings_root: Path, settings: Settings, source: str, target: str) -> None:
    """FROM and TO are two environments of platform.yaml, FROM before TO."""
    order = settings.platform.environments
    platform = read_settings_file(settings_root / "platform.yaml", (settings_root / "platform.yaml").as_posix())
    line = platform.line(("environments",))
    chain = " → ".join(order)
    for role, name in (("FROM", source), ("TO", target)):
        if name not in order:
            raise located(
                platform.name, line, "environments", f"no environment '{name}' (promote {role})", f"one of: {chain}"
            )
    if source == target:
        raise located(
            platform.name, line, "environments", f"promote from '{source}' to itself", f"the next environment: {chain}"
        )
    if order.index(target) < order.index(source):
        raise located(
            platform.name,
            line,
            "environments",
            f"'{target}' comes before '{source}': a promotion goes forward ({chain})",
            f"FROM before TO; to roll '{target}' back, git revert the commit that promoted it",
        )
