"""A small GitOps repository in a temporary folder: dist/ for two clusters, committed on ``main``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

GIT = ("git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false")
DIGEST_1 = "sha256:" + "1" * 64
DIGEST_2 = "sha256:" + "2" * 64


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def deployment(env: str, *, image: str = f"ghcr.io/acme/api:1.0.0@{DIGEST_1}", version: str = "1.0.0") -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ml-{env}
  labels:
    app.kubernetes.io/name: api
    app.kubernetes.io/version: {version}
spec:
  replicas: 2
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
        app.kubernetes.io/version: {version}
    spec:
      containers:
      - name: api
        image: {image}
        resources:
          limits: {{cpu: "4", memory: 8Gi}}
"""


NETWORK_POLICY = """\
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-metrics
  namespace: ml-dev
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 9090}]
"""


def stack(**changes: Any) -> str:
    """A cdk.tf.json: a protected, encrypted database, a bucket, an internal load balancer and an ingress
    rule from the VPC; ``changes`` replaces whole resources (``None`` removes one)."""
    resources: dict[str, Any] = {
        "aws_db_instance.db": {"deletion_protection": True, "storage_encrypted": True, "tags": {"owner": "ml"}},
        "aws_s3_bucket.logs": {"bucket": "logs"},
        "aws_lb.gw": {"internal": True, "name": "gw"},
        "aws_vpc_security_group_ingress_rule.https": {"cidr_ipv4": "10.0.0.0/8", "from_port": 443},
    }
    for address, body in changes.items():
        address = address.replace("__", ".")
        if body is None:
            resources.pop(address)
        else:
            resources[address] = body
    out: dict[str, Any] = {"//": {"metadata": {"version": "0.24.0"}}, "resource": {}}
    for address, body in sorted(resources.items()):
        rtype, name = address.split(".")
        out["resource"].setdefault(rtype, {})[name] = {"//": {"metadata": {"path": f"x/{name}"}}, **body}
    return json.dumps(out, indent=2) + "\n"


BASE_FILES = {
    "dist/manifest.json": '{"files": 1}\n',
    "dist/k8s/aws-dev/apps/ml-dev/deployment-api.yaml": deployment("dev"),
    "dist/k8s/aws-dev/apps/ml-dev/networkpolicy-allow-metrics.yaml": NETWORK_POLICY,
    "dist/k8s/aws-production/apps/ml-production/deployment-api.yaml": deployment("production"),
    "dist/terraform/aws-production/cdk.tf.json": stack(),
}


def write(root: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)


def make_repo(root: Path, files: dict[str, str | None] | None = None) -> Path:
    """``files`` (default :data:`BASE_FILES`) committed on ``main``."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    write(root, dict(BASE_FILES) if files is None else files)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "initial")
    return root
