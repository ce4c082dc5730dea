"""Output formats of ``fleetform validate``: each renders results to a string; only the CLI prints.

kubeconform's five (``text``, ``json``, ``junit``, ``tap``, ``pretty``) print what kubeconform prints;
``located`` (``file:line: key.path: problem``, what ``fleetform check`` prints), ``sarif`` and ``github``
are fleetform's."""

from __future__ import annotations

from collections.abc import Callable

from fleetform.validate.output import github, json_format, junit, located, pretty, sarif, tap, text
from fleetform.validate.output.options import RenderOptions
from fleetform.validate.result import Result

Renderer = Callable[[list[Result], RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
    "junit": junit.render,
    "tap": tap.render,
    "pretty": pretty.render,
    "located": located.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(results: list[Result], output: str, options: RenderOptions) -> str:
    """Render ``results`` in format ``output`` (a key of :data:`FORMATS`)."""
    return FORMATS[output](results, options)


__all__ = ["FORMATS", "RenderOptions", "render"]
