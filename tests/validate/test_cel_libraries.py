"""CRD rules using Kubernetes' CEL libraries, imported with ``fleetform schemas import`` and validated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetform.cli import main
from tests.validate.conftest import FIXTURES, Validate

CEL = FIXTURES / "cel"


@pytest.fixture
def schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out_dir = tmp_path / "schemas"
    assert main(["schemas", "import", str(CEL / "gadget-crd.yaml"), "-o", str(out_dir)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out_dir}/example.com/gadget_v1.json\nwrote {out_dir}/example.com/legacy_v1.json\n"
    )
    return out_dir


def test_library_rules_pass_and_fail_with_api_server_messages(validate: Validate, schemas: Path) -> None:
    code, out, err = validate("-schema-location", str(schemas), "-verbose", "-summary", "gadgets.yaml", cwd=CEL)
    assert (code, err) == (1, "")
    assert out == (
        "gadgets.yaml:1: example.com/v1 Gadget good is valid\n"
        "gadgets.yaml:20: example.com/v1 Gadget bad is invalid: spec: max-surge must be at most 3\n"
        "gadgets.yaml:20: example.com/v1 Gadget bad is invalid: spec: memory 2Gi must be below 2Gi\n"
        "gadgets.yaml:22: example.com/v1 Gadget bad is invalid: spec.replicas: replicas must be at least 1\n"
        "gadgets.yaml:24: example.com/v1 Gadget bad is invalid: spec.endpoint: failed rule: "
        "isURL(self) && url(self).getScheme() == 'https'\n"
        "gadgets.yaml:25: example.com/v1 Gadget bad is invalid: spec.priorities: priorities must be sorted\n"
        "gadgets.yaml:26: example.com/v1 Gadget bad is invalid: spec.image: image must carry a :vN tag\n"
        "gadgets.yaml:27: example.com/v1 Gadget bad is invalid: spec.ratio: ratio must be at most 0.5\n"
        "gadgets.yaml:28: example.com/v1 Gadget bad is invalid: spec.expires: "
        "expires 2025-12-31T23:00:00Z is in the past\n"
        "gadgets.yaml:29: example.com/v1 Gadget bad is invalid: spec.timeout: timeout must be at most 1h\n"
        "gadgets.yaml:30: example.com/v1 Gadget bad is invalid: spec.limit: no such key: cpu evaluating rule: "
        "self.cpu > 0\n"
        "gadgets.yaml:37: example.com/v1 Legacy old is invalid: spec.version: cannot evaluate rule isSemver(self): "
        "compilation failed: 1:9: undeclared reference to 'isSemver'\n"
        "Summary: 3 resources found in 1 file - Valid: 1, Invalid: 2, Errors: 0, Skipped: 0\n"
    )


def test_no_cel_turns_library_rules_off(validate: Validate, schemas: Path) -> None:
    assert validate("-schema-location", str(schemas), "-no-cel", "gadgets.yaml", cwd=CEL) == (0, "", "")


def test_json_output_carries_rule_findings(validate: Validate, schemas: Path, tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(
        "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n"
        "spec:\n  memory: 1Gi\n  max-surge: 1\n  priorities: [2, 1]\n"
    )
    code, out, _ = validate("-schema-location", str(schemas), "-output", "json", "one.yaml", cwd=tmp_path)
    assert code == 1
    assert json.loads(out)["resources"] == [
        {
            "filename": "one.yaml",
            "kind": "Gadget",
            "name": "g",
            "version": "example.com/v1",
            "status": "statusInvalid",
            "msg": "problem validating schema. Check JSON formatting: jsonschema validation failed with "
            f"'file://{schemas.resolve()}/example.com/gadget_v1.json#' - at '/spec/priorities': "
            "priorities must be sorted",
            "validationErrors": [{"path": "/spec/priorities", "msg": "priorities must be sorted"}],
        }
    ]
