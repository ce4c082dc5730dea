"""Carry out a promotion on the settings folder: TO's file edited in place, then checked by loading the
settings again (the edit must give TO exactly FROM's release, and the settings must stay valid)."""

from __future__ import annotations

import os
from pathlib import Path

from fleetform.promote.edit import set_scalars
from fleetform.promote.plan import Promotion, plan_promotion
from fleetform.settings import Settings, load_settings


def promote(settings_root: Path, source: str, target: str) -> Promotion:
    """Edit ``settings_root`` so that ``target`` runs ``source``'s release; returns what changed. Nothing
    is written when the step is refused (a located :class:`UserError`) or when nothing differs."""
    promotion = plan_promotion(settings_root, load_settings(settings_root), source, target)
    if not promotion.changes:
        return promotion
    original = promotion.file.read_text(encoding="utf-8")
    _replace_text(promotion.file, set_scalars(original, promotion.file.as_posix(), promotion.leaves))
    try:
        settings = load_settings(settings_root)
        if _release(settings, target) != _release(settings, source):
            raise AssertionError(f"{promotion.file}: the edit did not give {target} the release of {source}")
    except BaseException:
        _replace_text(promotion.file, original)
        raise
    return promotion


def _release(settings: Settings, environment: str) -> tuple[object, ...]:
    platform = settings.platform_of(environment)
    return (platform.version, platform.images, platform.charts)


def _replace_text(path: Path, text: str) -> None:
    """Write ``path`` aside and rename it into place: a kill leaves the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
