"""diff_dist on real git repositories: matching, folding, ranking, the base, paths and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.diff.api import diff_dist
from fleetform.diff.model import DiffReport, FieldChange, ObjectChange
from fleetform.errors import UserError
from tests.diff.helpers import BASE_FILES, deployment, git, make_repo, write

PROD_STACK = "dist/terraform/aws-production/cdk.tf.json"
ALL = ("aws-dev", "aws-production")


def _diff(root: Path, *, base: str | None = None, paths: tuple[str, ...] = ()) -> DiffReport:
    return diff_dist(cwd=root, dist=Path("dist"), paths=[Path(p) for p in paths], base=base)


def test_headlines_are_ranked_folded_and_say_when_every_environment_is_hit(report: DiffReport) -> None:
    assert report.base == f"main (merge base {report.base_commit[:12]})"
    assert report.environments == ("dev", "production")
    image = "image ghcr.io/acme/api:1.0.0@sha256:111111111111… → ghcr.io/acme/api:1.1.0@sha256:222222222222…"
    assert [(h.category, h.text, h.objects, h.clusters, h.all_environments) for h in report.headlines] == [
        ("destroyed", "destroyed aws_s3_bucket.logs", 1, ("aws-production",), False),
        ("protection-off", "aws_db_instance deletion_protection true → false", 1, ("aws-production",), False),
        ("encryption-off", "aws_db_instance storage_encrypted true → false", 1, ("aws-production",), False),
        ("public-exposure", "aws_lb internal true → false", 1, ("aws-production",), False),
        (
            "public-exposure",
            "aws_vpc_security_group_ingress_rule cidr_ipv4 10.0.0.0/8 → 0.0.0.0/0",
            1,
            ("aws-production",),
            False,
        ),
        ("rbac", "created aws_iam_role.reader", 1, ("aws-production",), False),
        ("network", "removed NetworkPolicy allow-metrics", 1, ("aws-dev",), False),
        ("images", image, 2, ALL, True),
        ("replicas", "Deployment spec.replicas 2 → 3", 1, ("aws-dev",), False),
        (None, "label app.kubernetes.io/version 1.0.0 → 1.1.0", 2, ALL, True),
        (None, "tag owner ml → ml2", 1, ("aws-production",), False),
    ]
    assert [h.text for h in report.all_environments] == [image, "label app.kubernetes.io/version 1.0.0 → 1.1.0"]
    assert report.other_files == ("dist/manifest.json",)


def test_each_cluster_lists_its_objects_with_field_changes(report: DiffReport) -> None:
    dev, production = report.clusters
    assert (dev.cluster, dev.environment, production.environment) == ("aws-dev", "dev", "production")
    assert [(o.status, o.identity, o.category) for o in dev.objects] == [
        ("removed", "networking.k8s.io/v1 NetworkPolicy ml-dev/allow-metrics", "network"),
        ("changed", "apps/v1 Deployment ml-dev/api", None),
    ]
    assert dev.objects[1].fields == (
        FieldChange(
            "metadata.labels.app.kubernetes.io/version",
            "changed",
            "1.0.0",
            "1.1.0",
            None,
            "label app.kubernetes.io/version 1.0.0 → 1.1.0",
        ),
        FieldChange("spec.replicas", "changed", 2, 3, "replicas", "Deployment spec.replicas 2 → 3"),
        FieldChange(
            "spec.template.metadata.labels.app.kubernetes.io/version",
            "changed",
            "1.0.0",
            "1.1.0",
            None,
            "label app.kubernetes.io/version 1.0.0 → 1.1.0",
        ),
        FieldChange(
            "spec.template.spec.containers[api].image",
            "changed",
            "ghcr.io/acme/api:1.0.0@sha256:" + "1" * 64,
            "ghcr.io/acme/api:1.1.0@sha256:" + "2" * 64,
            "images",
            report.headlines[7].text,
        ),
    )
    assert [(o.status, o.identity, o.file) for o in production.objects] == [
        ("removed", "aws_s3_bucket.logs", PROD_STACK),
        ("added", "aws_iam_role.reader", PROD_STACK),
        (
            "changed",
            "apps/v1 Deployment ml-production/api",
            "dist/k8s/aws-production/apps/ml-production/deployment-api.yaml",
        ),
        ("changed", "aws_db_instance.db", PROD_STACK),
        ("changed", "aws_lb.gw", PROD_STACK),
        ("changed", "aws_vpc_security_group_ingress_rule.https", PROD_STACK),
    ]


def test_a_renamed_file_is_no_change_and_a_moved_object_only_its_edits(gitops: Path) -> None:
    old = "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml"
    write(gitops, {old: None, "dist/k8s/aws-dev/apps/ml-dev/api.yaml": BASE_FILES[old]})
    assert _diff(gitops).empty
    write(gitops, {"dist/k8s/aws-dev/apps/ml-dev/api.yaml": deployment("dev").replace("replicas: 2", "replicas: 4")})
    (cluster,) = _diff(gitops).clusters
    assert [(o.status, o.identity, o.file, [f.path for f in o.fields]) for o in cluster.objects] == [
        ("changed", "apps/v1 Deployment ml-dev/api", "dist/k8s/aws-dev/apps/ml-dev/api.yaml", ["spec.replicas"])
    ]


def test_the_default_base_is_the_merge_base_with_main(gitops: Path) -> None:
    git(gitops, "switch", "--quiet", "--create", "feature")
    write(gitops, {"dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml": deployment("dev", version="2.0.0")})
    git(gitops, "commit", "--quiet", "--all", "--message", "feature")
    git(gitops, "switch", "--quiet", "main")
    write(gitops, {"dist/manifest.json": '{"files": 3}\n'})
    git(gitops, "commit", "--quiet", "--all", "--message", "main moves on")
    git(gitops, "switch", "--quiet", "feature")
    report = _diff(gitops)
    assert report.base_commit == git(gitops, "rev-parse", "HEAD~1").strip()
    assert [h.text for h in report.headlines] == ["label app.kubernetes.io/version 1.0.0 → 2.0.0"]
    assert report.other_files == ()  # main's own change is not this branch's
    explicit = _diff(gitops, base="main")
    assert explicit.base == f"main ({explicit.base_commit[:12]})"
    assert explicit.other_files == ("dist/manifest.json",)


def test_paths_limit_the_diff(changed: Path) -> None:
    report = _diff(changed, paths=("dist/terraform",))
    assert [c.cluster for c in report.clusters] == ["aws-production"]
    assert {o.layer for o in report.clusters[0].objects} == {"terraform"}
    assert report.other_files == ()
    assert report.environments == ("production",)
    assert not any(h.all_environments for h in report.headlines)  # one environment in scope: never "all"


def test_an_added_public_ingress_rule_and_an_opened_service_are_public_exposure(gitops: Path) -> None:
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: ml-dev}\nspec: {type: LoadBalancer}\n"
    write(gitops, {"dist/k8s/aws-dev/apps/ml-dev/service-api.yaml": service})
    text = (gitops / PROD_STACK).read_text()
    write(
        gitops,
        {
            PROD_STACK: text.replace(
                '"resource": {',
                '"resource": {"aws_security_group_rule": {"open": {"type": "ingress", "cidr_blocks": ["0.0.0.0/0"]}},',
                1,
            )
        },
    )
    assert [(h.category, h.text) for h in _diff(gitops).headlines] == [
        ("public-exposure", "added Service api"),
        ("public-exposure", "created aws_security_group_rule.open"),
    ]


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("nowhere", "--base nowhere: not a commit of this repository; expected a branch, tag or commit"),
        ("-x", "--base -x: not a commit of this repository; expected a branch, tag or commit"),
    ],
)
def test_a_bad_base_is_one_line(gitops: Path, base: str, message: str) -> None:
    with pytest.raises(UserError) as info:
        _diff(gitops, base=base)
    assert info.value.message == message


def test_bad_input_is_one_located_line(gitops: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        diff_dist(cwd=tmp_path, dist=Path("dist"), paths=[], base=None)
    assert (
        info.value.message
        == f"{tmp_path}: not inside a git repository; expected to run fleetform diff in the GitOps repository"
    )
    with pytest.raises(UserError) as info:
        _diff(gitops, paths=("settings",))
    assert info.value.message == "settings: not inside dist; expected a file or folder of the dist folder (--dist)"
    write(gitops, {"dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml": "a: [\n"})
    git(gitops, "commit", "--quiet", "--all", "--message", "broken")
    write(gitops, {"dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml": "a: 1\n"})
    with pytest.raises(UserError) as info:
        _diff(gitops, base="HEAD")
    assert info.value.message == (
        f"dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml:1: at {git(gitops, 'rev-parse', 'HEAD')[:12]}: "
        "malformed YAML: "
        "while parsing a flow node: did not find expected node content; expected a file fleetform synth wrote"
    )


def test_no_main_branch_asks_for_a_base(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "other")
    git(root, "branch", "--move", "main", "trunk")
    with pytest.raises(UserError) as info:
        _diff(root)
    assert (
        info.value.message
        == "no main branch (origin/HEAD, origin/main, main, origin/master, master); expected --base REF"
    )


def test_objects_hold_the_parsed_values_of_each_side(report: DiffReport) -> None:
    destroyed: ObjectChange = report.clusters[1].objects[0]
    assert (destroyed.short, destroyed.summary, destroyed.fields) == (
        "aws_s3_bucket.logs",
        "destroyed aws_s3_bucket.logs",
        (),
    )
