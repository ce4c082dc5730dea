"""A repository whose working tree holds a release and a few risky Terraform edits on top of ``main``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.diff.api import diff_dist
from fleetform.diff.model import DiffReport
from tests.diff.helpers import DIGEST_2, deployment, make_repo, stack, write

NEW_IMAGE = f"ghcr.io/acme/api:1.1.0@{DIGEST_2}"
#: The release (image and version in both clusters, one more replica in dev), a NetworkPolicy removed,
#: and on the production stack: protection and encryption off, a bucket destroyed, the load balancer made
#: public, an ingress rule opened to the internet, an IAM role created, a tag changed.
CHANGES: dict[str, str | None] = {
    "dist/manifest.json": '{"files": 2}\n',
    "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml": deployment("dev", image=NEW_IMAGE, version="1.1.0").replace(
        "replicas: 2", "replicas: 3"
    ),
    "dist/k8s/aws-dev/apps/ml-dev/networkpolicy-allow-metrics.yaml": None,
    "dist/k8s/aws-production/apps/ml-production/deployment-api.yaml": deployment(
        "production", image=NEW_IMAGE, version="1.1.0"
    ),
    "dist/terraform/aws-production/cdk.tf.json": stack(
        aws_db_instance__db={"deletion_protection": False, "storage_encrypted": False, "tags": {"owner": "ml2"}},
        aws_s3_bucket__logs=None,
        aws_lb__gw={"internal": False, "name": "gw"},
        aws_vpc_security_group_ingress_rule__https={"cidr_ipv4": "0.0.0.0/0", "from_port": 443},
        aws_iam_role__reader={"name": "reader"},
    ),
}


@pytest.fixture()
def gitops(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture()
def changed(gitops: Path) -> Path:
    write(gitops, CHANGES)
    return gitops


@pytest.fixture()
def report(changed: Path) -> DiffReport:
    return diff_dist(cwd=changed, dist=Path("dist"), paths=[], base=None)
