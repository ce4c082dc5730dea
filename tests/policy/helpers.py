"""Writing small policies and manifests into a temporary folder for engine tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

HEADER = """\
apiVersion: {api}
kind: {kind}
metadata:
  name: {name}
  annotations:
    policy.fleetform.io/title: Test policy
    policy.fleetform.io/severity: {severity}
    policy.fleetform.io/category: test
    policy.fleetform.io/rationale: for tests
    policy.fleetform.io/promise: none
    policy.fleetform.io/controls: none
spec:
"""
KINDS = {
    "admission": ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy"),
    "fleet": ("policy.fleetform.io/v1alpha1", "FleetRule"),
    "terraform": ("policy.fleetform.io/v1alpha1", "TerraformPolicy"),
}
DEPLOYMENTS = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ml-dev, labels: {tier: web}}
spec: {replicas: 3}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: other, labels: {tier: batch}}
spec: {replicas: 1}
"""


def write_policy(root: Path, name: str, spec: str, kind: str = "admission", severity: str = "high") -> Path:
    api, kind_name = KINDS[kind]
    folder = root / "policies" / name
    folder.mkdir(parents=True, exist_ok=True)
    head = HEADER.format(api=api, kind=kind_name, name=name, severity=severity)
    (folder / "policy.yaml").write_text(head + textwrap.indent(textwrap.dedent(spec), "  "), encoding="utf-8")
    return folder


def write_file(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


DEPLOYMENT_RULES = """\
matchConstraints:
  resourceRules:
  - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}
"""
