"""Every output format, exact: the reviewed expected outputs live in fixtures/expected/mixed.<format>."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from fleetform.validate.output import FORMATS
from tests.validate.conftest import FIXTURES, Validate

ARGS = ("-skip", "ConfigMap", "-summary", "-verbose", "manifests/deployment-api.yaml", "mixed.yaml")


@pytest.mark.parametrize("output", sorted(FORMATS))
def test_format_output_is_exact(validate: Validate, output: str) -> None:
    code, out, err = validate("-output", output, *ARGS)
    assert (code, err) == (1, "")
    assert out == (FIXTURES / "expected" / f"mixed.{output}").read_text(encoding="utf-8")


def test_json_is_kubeconform_shaped(validate: Validate) -> None:
    _, out, _ = validate("-output", "json", *ARGS)
    data = json.loads(out)
    assert data["summary"] == {"valid": 1, "invalid": 1, "errors": 1, "skipped": 1}
    assert [(r["filename"], r["kind"], r["status"]) for r in data["resources"]] == [
        ("manifests/deployment-api.yaml", "Deployment", "statusInvalid"),
        ("mixed.yaml", "ConfigMap", "statusSkipped"),
        ("mixed.yaml", "Service", "statusValid"),
        ("mixed.yaml", "", "statusError"),
    ]
    assert data["resources"][0]["validationErrors"] == [
        {"path": "/spec/replicas", "msg": "got string, want null or integer"}
    ]


def test_json_without_verbose_lists_only_problems(validate: Validate) -> None:
    _, out, _ = validate("-skip", "ConfigMap", "-output", "json", "mixed.yaml")
    assert json.loads(out) == {
        "resources": [
            {
                "filename": "mixed.yaml",
                "kind": "",
                "name": "nameless",
                "version": "v1",
                "status": "statusError",
                "msg": "error while parsing: missing 'kind' key",
            }
        ]
    }


def test_junit_is_well_formed_xml(validate: Validate) -> None:
    _, out, _ = validate("-output", "junit", *ARGS)
    root = ET.fromstring(out)
    assert root.attrib == {
        "name": "kubeconform",
        "time": "0",
        "tests": "4",
        "failures": "1",
        "disabled": "1",
        "errors": "1",
    }


def test_github_annotations_escape_newlines_and_commas(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "a,b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {k: [1]}\n")
    code, out, _ = validate("-output", "github", ".", cwd=tmp_path)
    assert code == 1
    assert out == ("::error file=a%2Cb.yaml,line=4,title=v1 ConfigMap x::data.k: [1] is not of type string\n")
