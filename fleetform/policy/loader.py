"""Load ``policies/``: one folder per policy, folder name = policy id.

Layout of a folder::

    policy.yaml     a ValidatingAdmissionPolicy, FleetRule or TerraformPolicy (metadata.name = folder name)
    params.yaml     optional: the ConfigMap data of the params, per environment (or ``default``)
    pass/, fail/    fixtures; expected.yaml: the exact messages expected per fixture object
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fleetform.cel.env import CelEngine, CompileError, Program
from fleetform.errors import UserError, located
from fleetform.files import FileProblem, read_raw
from fleetform.findings.finding import SEVERITIES
from fleetform.parse_cache import ParseCache
from fleetform.policy.inline import inline, inline_variables
from fleetform.policy.model import ANNOTATION, KINDS, Kind, Meta, Named, Policy, Validation
from fleetform.policy.podsecurity import VERSION_VARIABLE

if TYPE_CHECKING:
    from fleetform.policy.compiled import Compiled

#: The package that holds the policy library (the repository's ``policies/``; see its ``__init__``).
LIBRARY = "fleetform.policies"


def _library() -> Path:
    """The library's folder, found from the package (not the working directory) and not imported."""
    spec = importlib.util.find_spec(LIBRARY)
    if spec is None or spec.origin is None:  # pragma: no cover - a broken install
        raise RuntimeError(f"package {LIBRARY} not found: fleetform is not installed correctly")
    return Path(spec.origin).resolve().parent


DEFAULT_POLICIES = _library()
_REQUIRED_META = ("title", "severity", "category", "rationale", "promise", "controls")


def shown(path: Path) -> Path:
    """``path`` relative to the working directory when it is under it (messages show short paths)."""
    try:
        return path.resolve().relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


def load_policies(
    root: Path, engine: CelEngine, cache: ParseCache | None = None, compiled: Compiled | None = None
) -> list[Policy]:
    """Every policy under ``root``, sorted by id; raises :class:`UserError` on the first bad one. ``cache``
    keeps the parsed YAML files between runs (see :mod:`fleetform.parse_cache`); ``compiled`` has them parsed
    ahead of time (:mod:`fleetform.policy.compiled`; its programs are the engine's to use)."""
    root = shown(root)
    if not root.is_dir():
        raise UserError(f"{root.as_posix()}: policies folder not found; expected a folder of policy folders")
    return [
        load_policy(folder, engine, cache, compiled)
        for folder in sorted(root.iterdir())
        if folder.is_dir() and (folder / "policy.yaml").is_file()
    ]


def load_policy(
    folder: Path, engine: CelEngine, cache: ParseCache | None = None, compiled: Compiled | None = None
) -> Policy:
    file = (folder / "policy.yaml").as_posix()
    doc = read_yaml(folder / "policy.yaml", cache, compiled)
    kind = _kind(doc, file)
    metadata = doc.get("metadata") or {}
    if metadata.get("name") != folder.name:
        raise located(file, 1, "metadata.name", f"{metadata.get('name')!r} is not the folder name", f"'{folder.name}'")
    spec = doc.get("spec") or {}
    compile_ = _Compiler(engine, file, spec)
    param_kind = spec.get("paramKind")
    return Policy(
        id=folder.name,
        kind=kind,
        file=file,
        meta=_meta(metadata.get("annotations") or {}, file),
        document=doc,
        match=spec.get("match" if kind == "terraform" else "matchConstraints") or {},
        match_conditions=tuple(compile_.named(spec, "matchConditions", "name", "expression")),
        variables=tuple(compile_.named(spec, "variables", "name", "expression")),
        validations=tuple(compile_.validation(i, v) for i, v in enumerate(spec.get("validations") or [])),
        audit_annotations=tuple(compile_.named(spec, "auditAnnotations", "key", "valueExpression")),
        failure_policy=str(spec.get("failurePolicy", "Fail")),
        param_kind=param_kind,
        params=_params(folder, param_kind, cache, compiled),
        object_kinds=_names(spec, "objectKinds", file),
        stack_types=tuple(sorted(_names(spec, "stackTypes", file))),
    )


def _names(spec: dict[str, Any], key: str, file: str) -> tuple[str, ...]:
    """``spec.<key>``: a list of names (kinds, resource types); a bare string would be read letter by letter."""
    value = spec.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise located(file, None, f"spec.{key}", f"{value!r} is not a list of names", "a list such as [a, b]")
    return tuple(value)


def read_yaml(path: Path, cache: ParseCache | None = None, compiled: Compiled | None = None) -> Any:
    """A policy file's YAML: from ``compiled`` (parsed ahead of time), ``cache`` or parsed now."""
    try:
        raw = read_raw(path)
    except FileProblem as exc:
        raise located(path.as_posix(), exc.line, "", exc.problem, "a readable file") from None
    shipped = compiled.document(raw) if compiled is not None else None
    if shipped is not None:
        return shipped
    parse = functools.partial(_parse_yaml, path, raw)
    return parse() if cache is None else cache.cached("pyyaml-safe", raw, parse)


def _kind(doc: Any, file: str) -> Kind:
    key = (doc.get("apiVersion"), doc.get("kind")) if isinstance(doc, dict) else (None, None)
    if key not in KINDS:
        kinds = ", ".join(f"{a} {k}" for a, k in KINDS)
        raise located(file, 1, "kind", f"unsupported policy {key[0]} {key[1]}", f"one of: {kinds}")
    return KINDS[key]


def _meta(annotations: dict[str, Any], file: str) -> Meta:
    values = {key: annotations.get(ANNOTATION + key) for key in _REQUIRED_META}
    for key, value in values.items():
        if not value:
            raise located(file, None, f"metadata.annotations.{ANNOTATION}{key}", "missing", "a non-empty value")
    if values["severity"] not in SEVERITIES:
        raise located(
            file,
            None,
            f"metadata.annotations.{ANNOTATION}severity",
            f"unknown severity {values['severity']!r}",
            f"one of: {', '.join(SEVERITIES)}",
        )
    controls = tuple(c.strip() for c in str(values["controls"]).split(";") if c.strip())
    return Meta(
        str(values["title"]),
        str(values["severity"]),
        str(values["category"]),
        str(values["rationale"]),
        str(values["promise"]),
        controls,
    )


def _parse_yaml(path: Path, raw: bytes) -> Any:
    """PyYAML's safe (C) loader; imported here, on a cache miss only."""
    import yaml

    try:
        return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise located(
            path.as_posix(), line, "", f"invalid YAML ({getattr(exc, 'problem', exc)})", "well-formed YAML"
        ) from None


def _params(
    folder: Path, param_kind: dict[str, Any] | None, cache: ParseCache | None, compiled: Compiled | None
) -> dict[str, dict[str, Any]]:
    if param_kind is None:
        return {}
    file = (folder / "params.yaml").as_posix()
    if (param_kind.get("apiVersion"), param_kind.get("kind")) != ("v1", "ConfigMap"):
        raise located(file, None, "spec.paramKind", "unsupported paramKind", "apiVersion v1, kind ConfigMap")
    if not (folder / "params.yaml").is_file():
        raise located(file, None, "", "missing: the policy declares paramKind", "a params.yaml per environment")
    table = read_yaml(folder / "params.yaml", cache, compiled) or {}
    return {
        env: {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": f"{folder.name}-params"},
            "data": {str(k): str(v) for k, v in (data or {}).items()},
        }
        for env, data in table.items()
    }


class _Compiler:
    """Compiles the CEL of one policy file, turning compile errors into one-line user errors."""

    def __init__(self, engine: CelEngine, file: str, spec: dict[str, Any]) -> None:
        self._engine, self._file = engine, file
        # The cluster's version is given per cluster when the policy runs (fleetform.policy.podsecurity).
        self._inlined = inline_variables(
            [
                (str(v.get("name")), str(v.get("expression")))
                for v in spec.get("variables") or []
                if isinstance(v, dict) and v.get("name") != VERSION_VARIABLE
            ]
        )

    def program(self, place: str, source: Any) -> Program:
        if not isinstance(source, str) or not source.strip():
            raise located(self._file, None, place, "missing expression", "a CEL expression")
        try:
            return self._engine.compile(inline(source, self._inlined), shown=source)
        except CompileError as exc:
            raise located(self._file, None, place, f"CEL does not compile ({exc})", "a valid CEL expression") from None

    def named(self, spec: dict[str, Any], key: str, name_key: str, expr_key: str) -> list[Named]:
        return [
            Named(str(item.get(name_key)), self.program(f"spec.{key}[{i}].{expr_key}", item.get(expr_key)))
            for i, item in enumerate(spec.get(key) or [])
        ]

    def validation(self, index: int, item: dict[str, Any]) -> Validation:
        place = f"spec.validations[{index}]"
        message_expression = item.get("messageExpression")
        return Validation(
            expression=self.program(f"{place}.expression", item.get("expression")),
            message=item.get("message"),
            message_expression=(
                self.program(f"{place}.messageExpression", message_expression) if message_expression else None
            ),
            reason=str(item.get("reason", "Invalid")),
        )
