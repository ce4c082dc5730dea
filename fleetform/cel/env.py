"""The adapter around cel-expr-python: one environment with the Kubernetes libraries, compiled programs,
and results as data (a value or an error message, never an exception)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cel_expr_python import cel
from cel_expr_python.ext import ext_bindings, ext_encoders, ext_math, ext_optional

from fleetform.cel import lists, network, quantity, regex, sets, strings, urls
from fleetform.cel.cache import ProgramCache
from fleetform.cel.protos import POOL

#: Every variable a fleetform policy may use. Admission policies: object, oldObject, request, params,
#: namespaceObject, variables. Fleet rules add ``objects``; Terraform policies use object, resource,
#: provider (the stack's provider blocks), stack (the whole cdk.tf.json) and cluster.
VARIABLES = (
    "object",
    "oldObject",
    "request",
    "params",
    "namespaceObject",
    "variables",
    "objects",
    "resource",
    "provider",
    "stack",
    "cluster",
)


class CompileError(Exception):
    """A CEL expression does not parse or type-check; the message is CEL's first error line."""


@dataclass(frozen=True)
class Outcome:
    """The result of one evaluation: ``error`` is set when CEL returned an error value."""

    value: Any = None
    error: str | None = None


class Program:
    """A compiled expression; ``load`` instead of ``expression`` defers getting it to the first run (most
    programs read from the cache never run: message expressions of passing objects, unmatched policies)."""

    def __init__(self, source: str, expression: Any = None, *, load: Callable[[], Any] | None = None) -> None:
        self.source = source
        self._expression = expression
        self._load = load

    def load(self) -> None:
        """Deserialize now rather than at the first run (before a fork, so that children share it)."""
        if self._expression is None and self._load is not None:
            self._expression, self._load = self._load(), None

    def serialized(self) -> bytes:
        """The checked program in canonical bytes (:mod:`.canonical`): what a cache stores."""
        from fleetform.cel.canonical import canonical

        self.load()
        return canonical(self._expression.serialize())

    def run(self, activation: Any) -> Outcome:
        if self._expression is None:
            self.load()
        try:
            result = self._expression.eval(activation)
        except RuntimeError as exc:  # the runtime's own limits (its comprehension iteration budget): an error
            return Outcome(error=str(exc))
        if result.type() == cel.Type.ERROR:
            return Outcome(error=str(result.value()))
        return Outcome(value=result.plain_value())


class CelEngine:
    """One CEL environment; compiled programs are cached by source text."""

    def __init__(
        self, cache_dir: Path | None = None, shipped: Callable[[str], Callable[[], bytes] | None] | None = None
    ) -> None:
        """``cache_dir``: where compiled programs are kept between runs (none: compile every time);
        ``shipped``: programs compiled ahead of time (looked up first, never written): for a source, a
        function that returns its serialized bytes, called when the program first runs; None if absent."""
        functions = [
            *quantity.declarations(),
            *lists.declarations(),
            *strings.declarations(),
            *regex.declarations(),
            *urls.declarations(),
            *network.declarations(),
            *sets.declarations(),
        ]
        extensions = [
            ext_optional.ExtOptional(),
            ext_math.ExtMath(),
            ext_encoders.ExtEncoders(),
            ext_bindings.ExtBindings(),
        ]
        self._env = cel.NewEnv(
            POOL, variables=dict.fromkeys(VARIABLES, cel.Type.DYN), extensions=extensions, functions=functions
        )
        self._programs: dict[tuple[str, str], Program] = {}
        self._cache = ProgramCache(cache_dir) if cache_dir is not None else None
        self._shipped = shipped

    def compile(self, source: str, shown: str | None = None) -> Program:
        """Compile ``source``; ``shown`` is the text messages quote (default: ``source``)."""
        label = source if shown is None else shown
        program = self._programs.get((source, label))
        if program is None:
            fetch = self._shipped(source) if self._shipped is not None else None
            blob = self._cache.get(source) if fetch is None and self._cache is not None else None
            if fetch is not None:
                program = Program(label, load=lambda: self._deserialized(source, fetch()))
            elif blob is not None:  # compiled before, by this runtime and library (the cache key says so)
                program = Program(label, load=lambda: self._deserialized(source, blob))
            else:
                program = Program(label, self._compiled(source))
            self._programs[(source, label)] = program
        return program

    def _deserialized(self, source: str, blob: bytes) -> Any:
        try:
            return self._env.deserialize(blob)
        except RuntimeError:  # an unreadable cache entry: compile again
            return self._compiled(source)

    def _compiled(self, source: str) -> Any:
        try:
            expression = self._env.compile(source)
        except RuntimeError as exc:
            raise CompileError(_first_error(str(exc))) from None
        if self._cache is not None:
            self._cache.put(source, expression.serialize())
        return expression

    def serialized(self) -> dict[str, bytes]:
        """Every program this engine compiled or loaded, by source, in canonical bytes."""
        return {source: program.serialized() for (source, _), program in sorted(self._programs.items())}

    def activation(self, data: dict[str, Any]) -> Any:
        return self._env.Activation(data)


def _first_error(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "compile error"
    return line.removeprefix("INVALID_ARGUMENT: ").removeprefix("ERROR: ").removeprefix("<input>:")
