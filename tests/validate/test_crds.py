"""Bundled CRD schemas (strict), ``fleetform schemas import`` and CEL rules, ``regenerate --check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.schemas import CRD_DIR
from tests.validate.conftest import FIXTURES, Validate

EMITTED = [
    "source.toolkit.fluxcd.io/gitrepository_v1.json",
    "source.toolkit.fluxcd.io/ocirepository_v1beta2.json",
    "source.toolkit.fluxcd.io/helmrepository_v1.json",
    "kustomize.toolkit.fluxcd.io/kustomization_v1.json",
    "helm.toolkit.fluxcd.io/helmrelease_v2.json",
    "security.istio.io/peerauthentication_v1.json",
    "security.istio.io/authorizationpolicy_v1.json",
    "networking.istio.io/gateway_v1.json",
    "networking.istio.io/virtualservice_v1.json",
    "networking.istio.io/destinationrule_v1.json",
    "cert-manager.io/certificate_v1.json",
    "cert-manager.io/issuer_v1.json",
    "cert-manager.io/clusterissuer_v1.json",
    "monitoring.coreos.com/servicemonitor_v1.json",
    "monitoring.coreos.com/podmonitor_v1.json",
    "monitoring.coreos.com/prometheusrule_v1.json",
    "velero.io/schedule_v1.json",
    "velero.io/backupstoragelocation_v1.json",
]


@pytest.mark.parametrize("name", EMITTED)
def test_every_emitted_kind_has_a_strict_bundled_schema(name: str) -> None:
    schema = json.loads((CRD_DIR / name).read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert {"apiVersion", "kind"} <= set(schema["required"])
    group, _, rest = name.partition("/")
    assert schema["properties"]["apiVersion"]["enum"] == [f"{group}/{rest.split('_')[1].removesuffix('.json')}"]
    assert schema["properties"]["kind"]["enum"][0].lower() == rest.split("_")[0]


def test_bundled_crds_accept_real_manifests_and_reject_mistakes(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: d}\n"
        "spec:\n  mtls: {mode: STRICTER}\n---\n"
        "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n"
        "spec:\n  secretName: c\n  dnsName: [a.example.com]\n---\n"
        "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\n"
        "spec: {interval: 1 minute, url: https://example.com/r}\n"
    )
    code, out, _ = validate("bad.yaml", cwd=tmp_path)
    assert code == 1
    assert out == (
        'bad.yaml:5: security.istio.io/v1 PeerAuthentication d is invalid: spec.mtls.mode: "STRICTER" is not one of '
        '"UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n'
        'bad.yaml:10: cert-manager.io/v1 Certificate c is invalid: spec: "issuerRef" is a required property\n'
        'bad.yaml:12: cert-manager.io/v1 Certificate c is invalid: spec.dnsName: unknown field "dnsName"\n'
        'bad.yaml:17: source.toolkit.fluxcd.io/v1 GitRepository g is invalid: spec.interval: "1 minute" does not '
        'match "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$"\n'
    )
    assert validate("manifests/flux.yaml", "manifests/mesh.yaml", "manifests/operators.yaml", "-strict") == (0, "", "")


def test_import_converts_a_crd_and_cel_rules_are_evaluated(
    validate: Validate, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "schemas"
    assert main(["schemas", "import", str(FIXTURES / "widget-crd.yaml"), "-o", str(out_dir)]) == 0
    assert capsys.readouterr().out == f"wrote {out_dir}/example.com/widget_v1.json\n"
    assert [p.relative_to(out_dir).as_posix() for p in sorted(out_dir.rglob("*.json"))] == [
        "example.com/widget_v1.json"
    ]
    spec = json.loads((out_dir / "example.com/widget_v1.json").read_text())["properties"]["spec"]
    assert spec["additionalProperties"] is False
    assert spec["properties"]["port"] == {"anyOf": [{"type": "integer"}, {"type": "string"}]}
    assert spec["properties"]["note"] == {"type": ["string", "null"]}
    assert "additionalProperties" not in spec["properties"]["extra"]
    code, out, _ = validate(
        "widgets.yaml", "-schema-location", "default", "-schema-location", str(out_dir), "-verbose", "-summary"
    )
    assert code == 1
    assert out == (
        "widgets.yaml:1: example.com/v1 Widget good is valid\n"
        "widgets.yaml:17: example.com/v1 Widget backwards is invalid: spec: minReplicas must not exceed maxReplicas\n"
        "widgets.yaml:21: example.com/v1 Widget backwards is invalid: spec.tags[1]: failed rule: "
        "self.startsWith('t-')\n"
        'widgets.yaml:30: example.com/v1 Widget typo is invalid: spec.replicas: unknown field "replicas"\n'
        "Summary: 3 resources found in 1 file - Valid: 1, Invalid: 2, Errors: 0, Skipped: 0\n"
    )
    code, out, _ = validate("widgets.yaml", "-schema-location", str(out_dir), "-no-cel")
    assert out == 'widgets.yaml:30: example.com/v1 Widget typo is invalid: spec.replicas: unknown field "replicas"\n'


def test_import_refuses_a_file_without_crds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\n")
    assert main(["schemas", "import", str(tmp_path / "cm.yaml"), "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"error: {tmp_path}/cm.yaml: no CustomResourceDefinition with an openAPIV3Schema; expected CRD YAML\n"
    )


def test_bundled_schemas_are_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("cloudcoil.models.fluxcd", reason="regeneration needs the cloudcoil-models-* packages")
    assert main(["schemas", "regenerate", "--check"]) == 0
    assert capsys.readouterr().out == "24 schemas, 0 out of date\n"  # incl. TargetGroupBinding v1alpha1, v1beta1
