"""A kind or apiVersion that cannot name a schema file (300 characters, ``../``) has no schema: one located
result, never an error of the file system."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.validate.conftest import Validate


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("v1", "A" * 300), ("v1", "../../../../etc/passwd"), ("../../x/v1", "ConfigMap")],
    ids=["300-character-kind", "kind-path", "api-version-path"],
)
def test_unnameable_kind_has_no_schema(validate: Validate, tmp_path: Path, api_version: str, kind: str) -> None:
    (tmp_path / "a.yaml").write_text(f'apiVersion: "{api_version}"\nkind: "{kind}"\nmetadata: {{name: x}}\n')
    code, out, err = validate("a.yaml", cwd=tmp_path)
    shown = kind if len(kind) <= 63 else f"{kind[:63]}..."  # the located output shortens long names
    assert (code, out, err) == (
        1,
        f"a.yaml:1: {api_version} {shown} x failed validation: could not find schema for {shown}; expected a "
        "kind the bundled schemas or a -schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n",
        "",
    )
