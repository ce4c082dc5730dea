"""kubeconform's exact outputs for each behaviour a kubeconform user relies on (written from kubeconform's
documented behaviour and its acceptance suite's expectations; bench/kubeconform_acceptance.sh runs that
suite itself)."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.validate.kcmessages import Leaf, error_text

RC = "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: bob\nspec:\n  replicas: 2\n"
BAD_RC = RC.replace("replicas: 2", "replicas: two")
URL = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/master-standalone"
INVALID = (
    "problem validating schema. Check JSON formatting: jsonschema validation failed with "
    f"'{URL}/replicationcontroller-v1.json#' - at '/spec/replicas': got string, want null or integer"
)


@pytest.fixture
def kubeconform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> object:
    (tmp_path / "valid.yaml").write_text(RC)
    (tmp_path / "invalid.yaml").write_text(BAD_RC)
    (tmp_path / "blank.yaml").write_text("")
    monkeypatch.chdir(tmp_path)

    def call(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = main(["validate", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_text_lines(kubeconform) -> None:  # type: ignore[no-untyped-def]
    assert kubeconform("-verbose", "valid.yaml", "invalid.yaml") == (
        1,
        "valid.yaml - ReplicationController bob is valid\n"
        f"invalid.yaml - ReplicationController bob is invalid: {INVALID}\n",
        "",
    )
    assert kubeconform("-verbose", "-skip", "ReplicationController", "valid.yaml")[1] == (
        "valid.yaml - bob ReplicationController skipped\n"
    )
    assert kubeconform("-reject", "v1/ReplicationController", "valid.yaml")[:2] == (
        1,
        "valid.yaml - ReplicationController bob failed validation: prohibited resource kind ReplicationController\n",
    )


def test_summary_wording(kubeconform) -> None:  # type: ignore[no-untyped-def]
    assert kubeconform("-summary", "blank.yaml") == (
        0,
        "Summary: 0 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 0, Skipped: 0\n",
        "",
    )
    assert kubeconform("-summary", "valid.yaml", "blank.yaml")[1] == (
        "Summary: 1 resource found in 2 files - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n"
    )


def test_stdin_is_read_when_no_path_is_given(kubeconform) -> None:  # type: ignore[no-untyped-def]
    expected = (0, "Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n", "")
    assert kubeconform("-summary", stdin=RC) == expected
    assert kubeconform("-summary", "-", stdin=RC) == expected
    assert kubeconform(stdin=BAD_RC) == (1, f"stdin - ReplicationController bob is invalid: {INVALID}\n", "")


def test_missing_files_and_bad_flags_exit_1_with_kubeconform_messages(kubeconform) -> None:  # type: ignore[no-untyped-def]
    assert kubeconform("not-here") == (
        1,
        "not-here - failed validation: lstat not-here: no such file or directory\n",
        "",
    )
    code, out, err = kubeconform("-xyz")
    assert (code, out, err.splitlines()[0]) == (1, "", "flag provided but not defined: -xyz")
    assert kubeconform("-cache", "nope", "valid.yaml") == (
        1,
        "",
        "failed opening cache folder nope: stat nope: no such file or directory\n",
    )
    code, _, err = kubeconform("-schema-location", "foo {{ .Foo }}", "valid.yaml")
    assert (code, err.startswith("failed initialising"), err.count("\n")) == (1, True, 1)


def test_kubernetes_version_is_master_or_x_y_z(kubeconform) -> None:  # type: ignore[no-untyped-def]
    code, _, err = kubeconform("-kubernetes-version", "1.25", "valid.yaml")
    assert (code, err.splitlines()[0]) == (
        1,
        'invalid value "1.25" for flag -kubernetes-version: 1.25 is not a valid version. Valid values are '
        '"master" (default) or full version x.y.z (e.g. "1.27.2")',
    )
    assert kubeconform("-kubernetes-version", "1.30.2", "valid.yaml") == (0, "", "")
    assert kubeconform("-kubernetes-version", "master", "valid.yaml") == (0, "", "")


def test_help_is_kubeconform_usage(kubeconform) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = kubeconform("-h")
    assert (code, out.splitlines()[:3]) == (
        0,
        [
            "Usage: fleetform validate [OPTION]... [FILE OR FOLDER]...",
            "  -cache string",
            "    \tcache schemas downloaded via HTTP to this folder",
        ],
    )


def test_tap_output(kubeconform) -> None:  # type: ignore[no-untyped-def]
    assert kubeconform("-output", "tap", "valid.yaml", "blank.yaml") == (
        0,
        "TAP version 13\nok 1 - valid.yaml (v1/ReplicationController//bob)\nok 2 - blank.yaml (empty)\n1..2\n",
        "",
    )


def test_junit_has_no_skipped_attribute_on_testsuites(kubeconform) -> None:  # type: ignore[no-untyped-def]
    assert kubeconform("-output", "junit", "-skip", "ReplicationController", "valid.yaml") == (
        0,
        '<testsuites name="kubeconform" time="0" tests="1" failures="0" disabled="1" errors="0">\n'
        '  <testsuite name="valid.yaml" id="1" tests="1" failures="0" errors="0" disabled="0" skipped="1">\n'
        '    <testcase name="bob" classname="ReplicationController@v1" time="0">\n'
        '      <skipped message=""></skipped>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n",
        "",
    )


def test_json_output(kubeconform) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = kubeconform("-output", "json", "-summary", "invalid.yaml")
    assert code == 1
    assert json.loads(out) == {
        "resources": [
            {
                "filename": "invalid.yaml",
                "kind": "ReplicationController",
                "name": "bob",
                "version": "v1",
                "status": "statusInvalid",
                "msg": INVALID,
                "validationErrors": [{"path": "/spec/replicas", "msg": "got string, want null or integer"}],
            }
        ],
        "summary": {"valid": 0, "invalid": 1, "errors": 0, "skipped": 0},
    }


def test_a_single_schema_file_and_the_cache(kubeconform, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "rc.json").write_text(json.dumps({"required": ["spec"]}))
    (tmp_path / "nospec.yaml").write_text("apiVersion: v1\nkind: ReplicationController\nmetadata: {name: x}\n")
    assert kubeconform("-schema-location", "rc.json", "nospec.yaml")[:2] == (
        1,
        "nospec.yaml - ReplicationController x is invalid: problem validating schema. Check JSON formatting: "
        f"jsonschema validation failed with 'file://{(tmp_path / 'rc.json').resolve()}#' - at '': "
        "missing property 'spec'\n",
    )
    (tmp_path / "cache").mkdir()
    remote = "https://example.com/schemas/{{ .ResourceKind }}.json"
    schema_url = "https://example.com/schemas/replicationcontroller.json"
    (tmp_path / "cache" / hashlib.sha256(schema_url.encode()).hexdigest()).write_text("{}")
    assert kubeconform("-cache", "cache", "-schema-location", remote, "nospec.yaml") == (0, "", "")
    assert kubeconform("-schema-location", remote, "nospec.yaml")[:2] == (
        1,
        f"nospec.yaml - ReplicationController x failed validation: failed downloading schema at {schema_url}: "
        "fleetform validates offline (no download); give a local -schema-location or a -cache folder holding it\n",
    )


def test_thousands_of_errors_under_one_object_are_grouped_as_kubeconform_groups_them() -> None:
    """v6's error tree for 3,000 errors under one list (a fuzz input took 10 s when grouping was quadratic):
    the object's own error first, then one group per child in the order of their first error."""
    found: list[Leaf] = [(("spec", "containers", i), "missing property 'name'") for i in range(3000)]
    found.insert(1, (("spec",), "additional properties 'x' not allowed"))
    text = error_text("https://example.com/deployment.json", found)
    assert text.startswith(
        "problem validating schema. Check JSON formatting: jsonschema validation failed with "
        "'https://example.com/deployment.json#' - at '/spec': validation failed "
        "  - at '/spec': additional properties 'x' not allowed "
        "  - at '/spec/containers': validation failed "
        "    - at '/spec/containers/0': missing property 'name' "
        "    - at '/spec/containers/1': missing property 'name' "
    )
    assert text.count("missing property 'name'") == 3000
    assert text.endswith("- at '/spec/containers/2999': missing property 'name'")
