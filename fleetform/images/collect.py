"""Every container image reference in a tree of Kubernetes manifests: the ``image`` of each container of
a pod spec (Deployments, DaemonSets, CronJobs... Flux's own controllers included) and every ``image`` in a
HelmRelease's values, a string (such as Velero's plugin) or the charts' usual mapping of ``repository`` and
``tag`` (with ``registry`` and ``digest`` when given, such as the telemetry charts', Falco's and Flagger's).
Images a chart picks by default, without a value naming them, are not in ``dist/`` and are not listed: they
are pinned by the chart version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleetform.errors import UserError


@dataclass(frozen=True)
class Image:
    """An image reference and the files that name it (relative as given)."""

    ref: str
    files: tuple[str, ...]


def images_of(paths: list[Path]) -> list[Image]:
    """The distinct image references of the YAML files under ``paths``, sorted."""
    found: dict[str, set[str]] = {}
    for file in _yaml_files(paths):
        for ref in _refs_in(file):
            found.setdefault(ref, set()).add(file.as_posix())
    return [Image(ref, tuple(sorted(files))) for ref, files in sorted(found.items())]


def _yaml_files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.is_file():
            yield path
        else:
            raise UserError(f"{path.as_posix()}: no such file or folder; expected dist/ or a manifest")


def _refs_in(file: Path) -> Iterator[str]:
    import yaml

    try:
        documents = list(yaml.load_all(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UserError(f"{file.as_posix()}: cannot read ({exc.__class__.__name__}); expected YAML manifests") from None
    for document in documents:
        yield from _walk(document)


def _walk(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "image" and isinstance(value, str) and _looks_like_image(value):
                yield value
            elif key == "image" and isinstance(value, dict) and (ref := _from_parts(value)):
                yield ref
            else:
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _from_parts(image: dict[str, Any]) -> str:
    """``[registry/]repository[:tag][@digest]`` of a chart's image mapping; ``""`` without a repository, or
    without a tag and digest (the chart then picks its own, which ``dist/`` does not say)."""
    parts = {key: image.get(key) for key in ("registry", "repository", "tag", "digest")}
    if not all(value is None or isinstance(value, str) for value in parts.values()) or not parts["repository"]:
        return ""
    if not (parts["tag"] or parts["digest"]):
        return ""
    ref = f"{parts['registry']}/{parts['repository']}" if parts["registry"] else str(parts["repository"])
    return ref + (f":{parts['tag']}" if parts["tag"] else "") + (f"@{parts['digest']}" if parts["digest"] else "")


def _looks_like_image(value: str) -> bool:
    """A reference, not a setting that happens to be called ``image`` (``image: {repository: ...}``, flags)."""
    return bool(value) and " " not in value and ("/" in value or ":" in value or "@" in value)
