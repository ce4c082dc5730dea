"""The Kubernetes and Terraform halves of a fresh synth (the pipeline's in-memory tree, not the committed
dist/) name the same cloud resources: the integrity gate, given that tree, finds what it finds in the
committed dist/ (the known, waived defects) and nothing else; its cross-half rule catches a Velero bucket or
a workload identity that the stack does not create."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fleetform.integrity.api import check_paths, check_tree
from fleetform.integrity.rules import halves
from fleetform.render.tree import Tree
from fleetform.synth import synthesize

TODAY = dt.date(2026, 11, 30)
NO_WAIVERS = Path(__file__).resolve().parent / "integrity" / "fixtures" / "no-waivers.yaml"
#: (cluster, object) the cross-half rule reports on today's platform: Velero's identity, and the edge the
#: stack creates but nothing attaches (waived in policies/waivers.yaml until the platform's fixes land).
KNOWN = {
    *(
        (f"{cloud}-{env}", "helm.toolkit.fluxcd.io/v2 HelmRelease velero/velero")
        for cloud in ("aws", "azure", "gcp")
        for env in ("dev", "staging", "production")
    ),
    *((f"aws-{env}", "aws_lb_target_group.alb-api") for env in ("dev", "staging", "production")),
    *((f"azure-{env}", "azurerm_application_gateway.appgw") for env in ("dev", "staging", "production")),
    *(
        (f"gcp-{env}", resource)
        for env in ("dev", "staging", "production")
        for resource in (
            "google_compute_security_policy.armor",
            "google_compute_global_address.ingress-ip",
            "google_compute_managed_ssl_certificate.api-cert",
            "google_compute_ssl_policy.tls-policy",
        )
    ),
}


@pytest.fixture(scope="module")
def tree(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """Every file of a full synth (both halves), in memory: an empty output folder, so nothing is reused."""
    return synthesize(repo / "settings", out=tmp_path_factory.mktemp("fresh") / "dist", exact=True).tree


def test_the_gate_finds_in_a_fresh_synth_what_it_finds_in_the_committed_dist(
    tree: Tree, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = check_tree(tree, today=TODAY)
    monkeypatch.chdir(repo)
    committed = check_paths([Path("dist")], today=TODAY)
    assert ([f.text for f in fresh.findings], [p.text for p in fresh.waiver_problems]) == ([], [])
    assert [(w.finding.text, w.waiver) for w in fresh.waived] == [(w.finding.text, w.waiver) for w in committed.waived]


def test_the_halves_agree_but_for_the_known_defects(tree: Tree) -> None:
    report = check_tree(tree, waivers=NO_WAIVERS, today=TODAY, rules=[halves])
    assert {(Path(f.file).parts[2], f.object) for f in report.findings} == KNOWN


@pytest.mark.parametrize(
    ("file", "old", "new", "finding"),
    [
        (
            "k8s/aws-production/configs/velero/backupstoragelocation-default.yaml",
            b"bucket: ml-platform-production-dr-333333333333",
            b"bucket: ml-platform-production-backups",
            "dist/k8s/aws-production/configs/velero/backupstoragelocation-default.yaml:15: velero.io/v1 "
            "BackupStorageLocation velero/default: [integrity-halves] spec.objectStorage.bucket: bucket "
            "ml-platform-production-backups is none of the S3 buckets "
            "(ml-platform-production-access-logs-333333333333, ml-platform-production-dr-333333333333, "
            "ml-platform-production-dr-access-logs-333333333333, ml-platform-production-models-333333333333) "
            "(the stack of aws-production); expected what the stack creates",
        ),
        (
            "k8s/aws-dev/apps/ml-dev/serviceaccount-ml-platform.yaml",
            b"role/ml-platform-dev-workload",
            b"role/ml-platform-dev-serving",
            "dist/k8s/aws-dev/apps/ml-dev/serviceaccount-ml-platform.yaml:5: v1 ServiceAccount ml-dev/ml-platform: "
            "[integrity-halves] metadata.annotations.eks.amazonaws.com/role-arn: role ml-platform-dev-serving is not "
            "created by the stack of aws-dev (its roles: ml-platform-dev-ebs-csi, ml-platform-dev-eks-cluster, "
            "ml-platform-dev-flow-logs, ml-platform-dev-karpenter, ml-platform-dev-eks-node, "
            "ml-platform-dev-workload); expected the ARN of one of them",
        ),
        (
            "k8s/gcp-staging/apps/ml-staging/serviceaccount-ml-platform.yaml",
            b"ml-platform-workload@acme-ml-staging",
            b"ml-platform-serving@acme-ml-staging",
            "dist/k8s/gcp-staging/apps/ml-staging/serviceaccount-ml-platform.yaml:5: v1 ServiceAccount "
            "ml-staging/ml-platform: [integrity-halves] metadata.annotations.iam.gke.io/gcp-service-account: Google "
            "service account ml-platform-serving@acme-ml-staging.iam.gserviceaccount.com is not created by the stack "
            "of gcp-staging; expected a google_service_account of it",
        ),
    ],
)
def test_the_cross_half_rule_catches_a_name_the_stack_does_not_create(
    tree: Tree, file: str, old: bytes, new: bytes, finding: str
) -> None:
    assert old in tree[file]
    changed = {**tree, file: tree[file].replace(old, new)}
    report = check_tree(changed, waivers=NO_WAIVERS, today=TODAY, rules=[halves])
    assert [f.text for f in report.findings if (Path(f.file).parts[2], f.object) not in KNOWN] == [finding]
