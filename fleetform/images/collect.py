"""Every container image reference in a tree of Kubernetes manifests: the ``image`` of each container of
a pod spec (Deployments, DaemonSets, CronJobs... Flux's own controllers included) and every ``image``
string in a HelmRelease's values (such as Velero's plugin), or ``image`` mapping of ``repository`` and ``tag``
(and ``digest``), the shape most charts take (Flagger's). Images a chart picks by default, without a value
naming them, are not in ``dist/`` and are not listed: they are pinned by the chart version."""

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
            elif key == "image" and (ref := _chart_image(value)) is not None:
                yield ref
            else:
                yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _chart_image(value: Any) -> str | None:
    """``repository:tag[@digest]`` of a chart's ``image: {repository, tag, digest}`` value, else None."""
    if not isinstance(value, dict):
        return None
    repository, tag, digest = value.get("repository"), value.get("tag"), value.get("digest")
    if not isinstance(repository, str) or not isinstance(tag, str) or not repository or not tag:
        return None
    return f"{repository}:{tag}" + (f"@{digest}" if isinstance(digest, str) and digest else "")


def _looks_like_image(value: str) -> bool:
    """A reference, not a setting that happens to be called ``image`` (``image: {repository: ...}``, flags)."""
    return bool(value) and " " not in value and ("/" in value or ":" in value or "@" in value)
