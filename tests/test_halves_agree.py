"""The Kubernetes and Terraform halves of a fresh synth (the pipeline's in-memory tree, not the committed
dist/) name the same cloud resources."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.render.tree import Tree
from fleetform.synth import synthesize

CLUSTERS = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]
REFERENCE = re.compile(r"\$\{(\w+)\.([\w-]+)\.(\w+)\}")


@pytest.fixture(scope="module")
def tree(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """Every file of a full synth (both halves), in memory: an empty output folder, so nothing is reused."""
    return synthesize(repo / "settings", out=tmp_path_factory.mktemp("fresh") / "dist", exact=True).tree


def _resolve(stack: dict[str, Any], text: str) -> str:
    """Replace ``${type.id.attr}`` references by the literal attribute of that resource in the stack."""
    return REFERENCE.sub(lambda m: str(stack["resource"][m[1]][m[2]][m[3]]), text)


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_velero_writes_to_the_bucket_the_stack_creates(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    location = yaml.safe_load(tree[f"k8s/{cluster}/configs/velero/backupstoragelocation-default.yaml"])
    created = _resolve(stack, stack["output"]["backup_bucket"]["value"])
    spec = location["spec"]
    if cluster.startswith("azure-"):
        assert created == f"{spec['config']['storageAccount']}/{spec['objectStorage']['bucket']}"
    else:
        assert created == spec["objectStorage"]["bucket"]
    assert spec["objectStorage"]["prefix"] == "velero"
    if cluster.startswith("aws-"):
        region = stack["output"]["dr_region"]["value"] or stack["provider"]["aws"][0]["region"]
        assert spec["config"] == {"region": region}


@pytest.mark.parametrize("cluster", [c for c in CLUSTERS if not c.startswith("azure-")])
def test_the_service_account_is_bound_to_the_identity_the_stack_creates(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    env = cluster.split("-")[1]
    service_account = tree[f"k8s/{cluster}/apps/ml-{env}/serviceaccount-ml-platform.yaml"]
    bound = yaml.safe_load(service_account)["metadata"]["annotations"]
    created = stack["output"]["workload_identity"]["value"]
    if cluster.startswith("aws-"):
        role = REFERENCE.fullmatch(created)
        assert role is not None
        name = stack["resource"]["aws_iam_role"][role[2]]["name"]
        assert bound["eks.amazonaws.com/role-arn"].endswith(f":role/{name}")
    else:
        account_ref = REFERENCE.fullmatch(created)
        assert account_ref is not None
        account = stack["resource"]["google_service_account"][account_ref[2]]
        project = account.get("project") or stack["provider"]["google"][0]["project"]
        assert bound["iam.gke.io/gcp-service-account"] == f"{account['account_id']}@{project}.iam.gserviceaccount.com"
