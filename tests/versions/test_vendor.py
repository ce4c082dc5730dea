"""``fleetform schemas vendor``: upstream files in, every derived artefact out (on a small upstream tree)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.schemas.vendor import differences, vendor, write

CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: issuers.cert-manager.io}
spec:
  group: cert-manager.io
  names: {kind: Issuer, plural: issuers}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: dropped
            properties:
              operator: {type: string, enum: ["=", "!="]}
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
"""
SOURCE = {"repo": "cert-manager/cert-manager", "tag": "v9.9.9", "commit": "a" * 40, "paths": ["deploy/crds"]}


def _upstream(tmp_path: Path) -> tuple[Path, Path]:
    source, root = tmp_path / "upstream", tmp_path / "vendored"
    chart = source / "charts/cert-manager/v9.9.9"
    (chart / "crds").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("name: cert-manager\nversion: v9.9.9\n")
    (chart / "values.yaml").write_text("replicaCount: 1\ncrds:\n  enabled: false\n")
    (chart / "crds/issuers.yaml").write_text(CRD)
    (chart / "SOURCE.json").write_text(json.dumps({**SOURCE, "release_date": "2026-07-29", "note": "not copied"}))
    (root / "cert-manager/v9.9.9").mkdir(parents=True)
    (root / "cert-manager/v9.9.9/support.yaml").write_text("written by hand\n")
    return source, root


def test_vendor_derives_values_crds_and_the_source_record(tmp_path: Path) -> None:
    source, root = _upstream(tmp_path)
    tree = vendor(source, root)
    assert sorted(tree) == [
        "cert-manager/v9.9.9/SOURCE.json",
        "cert-manager/v9.9.9/crds/cert-manager.io/issuer_v1.json",
        "cert-manager/v9.9.9/values/cert-manager.json",
    ]
    record = json.loads(tree["cert-manager/v9.9.9/SOURCE.json"])
    chart = source / "charts/cert-manager/v9.9.9"
    assert record == {
        "component": "cert-manager",
        "version": "v9.9.9",
        "upstream": [{"from": "charts/cert-manager/v9.9.9", **SOURCE, "release_date": "2026-07-29"}],
        "files": {
            f"charts/cert-manager/v9.9.9/{name}": hashlib.sha256((chart / name).read_bytes()).hexdigest()
            for name in ("Chart.yaml", "crds/issuers.yaml", "values.yaml")
        },
    }
    crd = json.loads(tree["cert-manager/v9.9.9/crds/cert-manager.io/issuer_v1.json"])
    assert crd["properties"]["spec"] == {
        "additionalProperties": False,
        "properties": {"operator": {"enum": ["=", "!="], "type": "string"}},
        "type": "object",
    }
    values = json.loads(tree["cert-manager/v9.9.9/values/cert-manager.json"])
    assert (values["chart"], values["version"], values["defaults"]) == (
        "cert-manager",
        "v9.9.9",
        {"replicaCount": 1, "crds": {"enabled": False}},
    )


def test_write_then_check_and_stale_files(tmp_path: Path) -> None:
    source, root = _upstream(tmp_path)
    (root / "cert-manager/v9.9.9/crds/old.group").mkdir(parents=True)
    (root / "cert-manager/v9.9.9/crds/old.group/gone_v1.json").write_text("{}")
    tree = vendor(source, root)
    assert differences(tree, root) == [
        "extra cert-manager/v9.9.9/crds/old.group/gone_v1.json",
        "missing cert-manager/v9.9.9/SOURCE.json",
        "missing cert-manager/v9.9.9/crds/cert-manager.io/issuer_v1.json",
        "missing cert-manager/v9.9.9/values/cert-manager.json",
    ]
    write(tree, root)
    assert differences(tree, root) == []
    assert (root / "cert-manager/v9.9.9/support.yaml").read_text() == "written by hand\n"
    (source / "charts/cert-manager/v9.9.9/values.yaml").write_text("replicaCount: 2\n")
    assert differences(vendor(source, root), root) == [
        "stale cert-manager/v9.9.9/SOURCE.json",
        "stale cert-manager/v9.9.9/values/cert-manager.json",
    ]


def test_a_version_without_a_support_record_is_not_vendored(tmp_path: Path) -> None:
    source, root = _upstream(tmp_path)
    (root / "cert-manager/v9.9.9/support.yaml").unlink()
    with pytest.raises(UserError) as info:
        vendor(source, root)
    assert info.value.message == (
        f"{root}/cert-manager/v9.9.9/support.yaml: file not found; expected the support record of cert-manager "
        "v9.9.9, written by hand from the project's support policy (README: 'Vendored upstream data')"
    )


def test_every_chart_of_a_component_must_be_there(tmp_path: Path) -> None:
    source, root = _upstream(tmp_path)
    (source / "charts/base/1.99.0").mkdir(parents=True)
    (source / "charts/base/1.99.0/Chart.yaml").write_text("name: base\n")
    with pytest.raises(UserError) as info:
        vendor(source, root)
    assert info.value.message == (
        f"{source}/charts/cni/1.99.0: no Chart.yaml; expected every chart of istio 1.99.0: base, cni, istiod, gateway"
    )


def test_nothing_to_vendor(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        vendor(tmp_path, tmp_path)
    assert info.value.message == (
        f"{tmp_path}: no upstream files of a known component; expected charts/<chart>/<version>/ or flux/<version>/"
    )
