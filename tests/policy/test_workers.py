"""Checking in forked processes gives the results of one process: findings, object count, first error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fleetform.policy import workers
from fleetform.policy.api import check_paths
from tests.policy.helpers import DEPLOYMENT_RULES, DEPLOYMENTS, write_file, write_policy

REPLICAS = (
    DEPLOYMENT_RULES
    + """\
validations:
- expression: object.spec.replicas >= 2
  messageExpression: "'replicas ' + string(object.spec.replicas)"
"""
)
CLUSTERS = ("aws-dev", "azure-staging", "gcp-production")


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(workers, "MIN_SPLIT_BYTES", 0)  # split even this small tree
    write_policy(tmp_path, "replicas", REPLICAS)
    for cluster in CLUSTERS:
        write_file(tmp_path, f"dist/k8s/{cluster}/deployments.yaml", DEPLOYMENTS)
    return tmp_path


FORKED_RUN = """
import json, sys
from pathlib import Path
from fleetform.policy import workers
from fleetform.policy.api import check_paths
workers.MIN_SPLIT_BYTES = 0  # split even this small tree
assert workers._can_fork(), "a fresh interpreter is single-threaded: counts 2 and 3 really fork"
runs = []
for count in (1, 2, 3):
    report = check_paths([Path("dist")], policies_dir=Path("policies"), workers=count)
    runs.append([[f.text for f in report.findings], report.objects])
print(json.dumps(runs))
"""


def test_forked_run_equals_one_process(tree: Path) -> None:
    # In a fresh interpreter: this test process may hold threads (jsii, pools) and then never forks.
    expected = [
        f"dist/k8s/{cluster}/deployments.yaml:6: apps/v1 Deployment other/worker: [replicas] replicas 1"
        for cluster in CLUSTERS
    ]
    proc = subprocess.run([sys.executable, "-c", FORKED_RUN], cwd=tree, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [[expected, 6]] * 3


def test_split_keeps_clusters_whole_and_balances_bytes(tree: Path) -> None:
    write_file(tree, "dist/k8s/aws-dev/more.yaml", DEPLOYMENTS * 3)
    files = [
        Path("dist/k8s/aws-dev/deployments.yaml"),
        Path("dist/k8s/aws-dev/more.yaml"),
        Path("dist/k8s/azure-staging/deployments.yaml"),
        Path("dist/k8s/gcp-production/deployments.yaml"),
    ]
    assert workers.split_shares(files, 2) == [[0, 1], [2, 3]]
    assert workers.split_shares(files, 4) == [[0, 1], [2], [3]]
    assert workers.split_shares(files, 1) == [[0, 1, 2, 3]]


def test_small_input_is_not_split(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "MIN_SPLIT_BYTES", 1024 * 1024)
    files = [Path(f"dist/k8s/{cluster}/deployments.yaml") for cluster in CLUSTERS]
    assert workers.split_shares(files, 2) == [[0, 1, 2]]


def test_every_bad_file_is_reported_in_file_order_and_the_others_checked(tree: Path) -> None:
    whole = check_paths([Path("dist")], policies_dir=Path("policies"), workers=1)
    write_file(tree, "dist/k8s/gcp-production/cdk.tf.json", '{"resource": [1]}')
    write_file(tree, "dist/k8s/azure-staging/bad.yaml", "b: {\n")
    write_file(tree, "dist/terraform/aws-dev/cdk.tf.json", '{"resource": {"aws_s3_bucket": 7}}')
    for count in (1, 2, 3):
        report = check_paths([Path("dist")], policies_dir=Path("policies"), workers=count)
        assert report.errors == (
            "dist/k8s/azure-staging/bad.yaml:1: invalid YAML (malformed YAML: while parsing a flow node: "
            "did not find expected node content); expected well-formed YAML",
            "dist/k8s/gcp-production/cdk.tf.json:1: resource: [1] is not a JSON object; "
            "expected an object of resource types by name",
            "dist/terraform/aws-dev/cdk.tf.json:1: resource.aws_s3_bucket: 7 is not a JSON object; "
            "expected an object of resources by name",
        )
        assert report.objects == whole.objects


def test_a_child_that_dies_is_an_internal_error() -> None:
    pid, fd = workers._fork(lambda: os._exit(7))
    outcome = workers._collect(pid, fd)
    assert str(outcome.error) == f"policy worker process {pid} exited without a result"
    assert outcome.rank == (1, 0)


def test_default_workers_is_bounded() -> None:
    assert 1 <= workers.default_workers() <= workers.MAX_WORKERS


def test_default_workers_leaves_out_the_cpus_that_other_processes_keep_busy() -> None:
    cpus = min(len(os.sched_getaffinity(0)), workers.MAX_WORKERS)
    assert workers.default_workers(load=1.0) == cpus  # only this process runs
    assert workers.default_workers(load=1.0 + 64) == 1
    assert workers.runnable() >= 1  # this process is running
