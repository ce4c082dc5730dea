"""``fleetform validate`` text output and exit codes, exact, on fixtures and on every kind of bad input."""

from __future__ import annotations

from pathlib import Path

from tests.validate.conftest import Validate

INVALID_DEPLOYMENT = (
    'manifests/deployment-api.yaml:8: apps/v1 Deployment ml-prod/api is invalid: spec.replicas: "three" is not of '
    "type integer\n"
    "manifests/deployment-api.yaml:19: apps/v1 Deployment ml-prod/api is invalid: "
    'spec.template.spec.containers[0].bogus: unknown field "bogus"\n'
)


def test_invalid_resources_one_line_per_finding(validate: Validate) -> None:
    code, out, err = validate("-strict", "-summary", "manifests")
    assert (code, err) == (1, "")
    assert out == INVALID_DEPLOYMENT + (
        "Summary: 19 resources found in 5 files - Valid: 18, Invalid: 1, Errors: 0, Skipped: 0\n"
    )


def test_non_strict_ignores_unknown_core_fields(validate: Validate) -> None:
    code, out, _ = validate("manifests/deployment-api.yaml")
    assert code == 1
    assert out == INVALID_DEPLOYMENT.splitlines(keepends=True)[0]


def test_valid_files_exit_0_and_verbose_lists_them(validate: Validate) -> None:
    code, out, _ = validate("--strict", "--verbose", "--summary", "manifests/platform.yaml")
    assert code == 0
    assert out == (
        "manifests/platform.yaml:1: v1 Namespace ml-prod is valid\n"
        "manifests/platform.yaml:6: v1 Service ml-prod/api is valid\n"
        "manifests/platform.yaml:17: v1 ConfigMap ml-prod/settings is valid\n"
        "Summary: 3 resources found in 1 file - Valid: 3, Invalid: 0, Errors: 0, Skipped: 0\n"
    )


def _bad_inputs(root: Path) -> None:
    (root / "malformed.yaml").write_text("apiVersion: v1\nkind: ConfigMap\ndata:\n  x: [1, 2\n")
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    (root / "bomb.yaml").write_text("\n".join(["apiVersion: v1", "kind: ConfigMap", "data:"]) + "\n")
    with (root / "bomb.yaml").open("a") as out:
        out.write("".join(f"  {line}\n" for line in laughs))
    with (root / "huge.yaml").open("wb") as out:
        out.truncate(100 * 1024 * 1024)
    (root / "binary.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "latin1.yaml").write_bytes(b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\xe9}\n")
    (root / "dup.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n")
    (root / "nokind.yaml").write_text("apiVersion: v1\nmetadata: {name: a}\n---\nkind: Secret\nmetadata: {name: b}\n")
    (root / "scalar.yaml").write_text("just text\n")
    (root / "empty.yaml").write_text("# nothing here\n")
    (root / "good.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n")


def test_every_bad_input_is_one_clear_error_and_the_run_goes_on(validate: Validate, tmp_path: Path) -> None:
    _bad_inputs(tmp_path)
    code, out, err = validate("-strict", "-summary", "-verbose", ".", cwd=tmp_path)
    assert (code, err) == (1, "")
    assert out == (
        "binary.yaml:3: failed validation: binary data (NUL byte at offset 8)\n"
        "bomb.yaml:1: failed validation: YAML aliases expand to over 100000 nodes (a YAML bomb?); "
        "write the values out\n"
        "dup.yaml:5: failed validation: duplicate key 'name' (first at line 4)\n"
        "good.yaml:1: v1 ConfigMap ok is valid\n"
        "huge.yaml: failed validation: file is 100.0 MiB, over the 32 MiB limit\n"
        "latin1.yaml:3: failed validation: not UTF-8 (byte 0xe9 at offset 51)\n"
        "malformed.yaml:4: failed validation: malformed YAML: while parsing a flow sequence: "
        "did not find expected ',' or ']'\n"
        "nokind.yaml:1: failed validation: missing 'kind' key\n"
        "nokind.yaml:4: Secret b failed validation: missing 'apiVersion' key\n"
        "scalar.yaml:1: failed validation: document is a str scalar; expected a Kubernetes object\n"
        "Summary: 10 resources found in 10 files - Valid: 1, Invalid: 0, Errors: 9, Skipped: 0\n"
    )


def test_duplicate_keys_are_allowed_without_strict(validate: Validate, tmp_path: Path) -> None:
    _bad_inputs(tmp_path)
    code, out, _ = validate("dup.yaml", "good.yaml", cwd=tmp_path)
    assert (code, out) == (0, "")


def test_stdin(validate: Validate, monkeypatch: object, tmp_path: Path) -> None:
    import io
    import sys

    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    raw = b"apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: http}]}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    code, out, _ = validate("-", cwd=tmp_path)
    assert code == 1
    assert out == 'stdin:4: v1 Service s is invalid: spec.ports[0].port: "http" is not of type integer\n'


def test_start_up_errors_exit_1_as_kubeconform(validate: Validate, tmp_path: Path) -> None:
    assert validate("missing.yaml", cwd=tmp_path) == (
        1,
        "missing.yaml: failed validation: no such file or folder; expected a manifest file, a folder or -\n",
        "",
    )
    code, out, err = validate("-kubernetes-version", "1.99", ".", cwd=tmp_path)
    assert (code, out, err.splitlines()[:2]) == (
        1,
        "",
        [
            'invalid value "1.99" for flag -kubernetes-version: 1.99 is not a valid version. Valid values are '
            '"master" (default) or full version x.y.z (e.g. "1.27.2")',
            "Usage: fleetform validate [OPTION]... [FILE OR FOLDER]...",
        ],
    )
    assert validate("-output", "xml", ".", cwd=tmp_path) == (
        1,
        "",
        "'outputFormat' must be 'json', 'junit', 'pretty', 'tap' or 'text'\n",
    )
