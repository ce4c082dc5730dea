"""``fleetform integrity`` and the integrity section of ``fleetform check``: the report as text, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_integrity_prints_findings_and_the_summary_and_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES / "provisioner-without-driver")
    assert main(["integrity", "--waivers", str(FIXTURES / "no-waivers.yaml"), "--no-cache"]) == 1
    assert capsys.readouterr() == (
        "dist/k8s/aws-dev/apps/storageclass-ml-ssd.yaml:4: storage.k8s.io/v1 StorageClass ml-ssd: "
        "[integrity-controllers] provisioner: provisioner ebs.csi.aws.com: nothing in aws-dev serves it; expected the "
        "CSI driver ebs.csi.aws.com (on EKS: its aws_eks_addon in the stack)\n"
        "8 rules, 1 clusters, 2 objects: 1 findings, 0 waived, 0 expired waivers, 0 unused waivers\n",
        "",
    )


def test_integrity_passes_a_tree_whose_pieces_connect(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES / "provisioner-with-driver")
    assert main(["integrity", "dist", "--waivers", str(FIXTURES / "no-waivers.yaml")]) == 0
    assert capsys.readouterr().out == (
        "8 rules, 1 clusters, 3 objects: 0 findings, 0 waived, 0 expired waivers, 0 unused waivers\n"
    )


def test_a_bad_waivers_file_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "waivers.yaml").write_text("waivers: {}\n")
    argv = [
        "integrity",
        str(FIXTURES / "provisioner-with-driver" / "dist"),
        "--waivers",
        str(tmp_path / "waivers.yaml"),
    ]
    assert main(argv) == 2
    assert capsys.readouterr() == (
        "",
        f"error: {tmp_path / 'waivers.yaml'}:1: waivers: missing or not a list; expected a top-level 'waivers:' list\n",
    )


def test_check_reports_integrity_after_schemas_and_policies(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(FIXTURES / "provisioner-without-driver")
    assert main(["check"]) == 1  # the repository's waivers apply; none waives the one gate finding
    lines = capsys.readouterr().out.splitlines()
    sections = [line for line in lines if line.startswith("== ")]
    assert sections == ["== schema validation", "== policies", "== integrity", "== secrets"]
    integrity = lines[lines.index("== integrity") + 1 : lines.index("== secrets")]
    assert integrity[0] == (
        "dist/k8s/aws-dev/apps/storageclass-ml-ssd.yaml:4: storage.k8s.io/v1 StorageClass ml-ssd: "
        "[integrity-controllers] provisioner: provisioner ebs.csi.aws.com: nothing in aws-dev serves it; expected the "
        "CSI driver ebs.csi.aws.com (on EKS: its aws_eks_addon in the stack)"
    )
    assert integrity[-1].startswith("8 rules, 1 clusters, 2 objects: 1 findings, 0 waived, 0 expired waivers, ")
