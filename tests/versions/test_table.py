"""The README's table of pinned components is the generator's output; ``fleetform schemas`` list and pins."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.schemas.catalog import default_pins
from fleetform.versions import Pin
from fleetform.versions.table import BEGIN, END, markdown, replace_section, rows


def test_the_readme_table_is_generated_from_the_vendored_records(repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    table = markdown(default_pins(repo / "settings"))
    assert table in readme
    assert replace_section(readme, table) == readme


def test_rows_name_the_end_of_support_and_exceptions(tmp_path: Path) -> None:
    assert rows([Pin("external-secrets", "2.9.0"), Pin("eks", "1.35"), Pin("kured", "5.0.0")]) == [
        (
            "Kubernetes on Amazon EKS",
            "1.35",
            "2026-01-28",
            "2027-03-27",
            "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
        ),
        (
            "External Secrets Operator",
            "2.9.0",
            "2026-08-07",
            "2026-09-11 (estimated); exception until 2027-01-31 (ml-platform-team)",
            "https://external-secrets.io/latest/introduction/stability-support/",
        ),
        ("kured", "5.0.0", "", "not vendored", ""),
    ]
    assert replace_section("no markers\n", "x") is None
    assert replace_section(f"a\n{BEGIN}\nold\n{END}\nb\n", "new\n") == "a\nnew\nb\n"


def test_pins_readme_check_and_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "README.md").write_text(f"# x\n{BEGIN}\nstale\n{END}\nend\n")
    assert main(["schemas", "pins", "--readme", "--check"]) == 1
    assert main(["schemas", "pins", "--readme"]) == 0
    assert main(["schemas", "pins", "--readme", "--check"]) == 0
    assert capsys.readouterr().out == (
        "README.md: pins table out of date\nwrote the pins table of README.md\nREADME.md: pins table up to date\n"
    )
    assert (tmp_path / "README.md").read_text() == f"# x\n{markdown(default_pins(tmp_path / 'settings'))}end\n"
    (tmp_path / "README.md").write_text("# no table\n")
    assert main(["schemas", "pins", "--readme"]) == 2
    assert (
        capsys.readouterr().err
        == "error: README.md: no pins section; expected the table's begin and end markers in it\n"
    )


def test_schemas_list_names_each_schema_with_its_pinned_version(
    monkeypatch: pytest.MonkeyPatch, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["schemas", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 117
    for line in (
        "cert-manager.io/v1 Certificate: cert-manager v1.21.1 (cert-manager/cert-manager v1.21.1)",
        "helm.toolkit.fluxcd.io/v2 HelmRelease: flux v2.9.4 (fluxcd/flux2 v2.9.4)",
        "monitoring.coreos.com/v1 ServiceMonitor: kube-prometheus-stack 88.5.3 "
        "(prometheus-community/helm-charts kube-prometheus-stack-88.5.3)",
        "security.istio.io/v1 AuthorizationPolicy: istio 1.30.3 (istio/istio 1.30.3)",
        "velero.io/v1 Schedule: velero 12.1.0 (vmware-tanzu/helm-charts velero-12.1.0)",
        "karpenter.sh/v1 NodePool: karpenter 1.14.1 (aws/karpenter-provider-aws v1.14.1)",
        "flagger.app/v1beta1 Canary: flagger 1.44.0 (fluxcd/flagger v1.44.0)",
    ):
        assert line in lines


def test_vendor_needs_an_upstream_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schemas", "vendor", "--from", "no-such-folder"]) == 2
    assert capsys.readouterr().err == (
        "error: no-such-folder: no such folder; expected the upstream files (README: 'Vendored upstream data')\n"
    )
