"""Which Pod Security level and version the k8s-pss-* policies apply: the namespace's enforce labels, read as
Pod Security admission reads them, with the cluster's version for 'latest' (policies/README.md)."""

from __future__ import annotations

from pathlib import Path

import yaml

from fleetform.policy.api import check_paths
from fleetform.policy.emit import admission_objects
from fleetform.policy.loader import DEFAULT_POLICIES
from fleetform.settings import load_settings
from tests.policy.helpers import write_file

REPO = Path(__file__).resolve().parents[2]
#: A pod with no securityContext: baseline admits it, restricted does not.
BARE = """\
apiVersion: v1
kind: Pod
metadata: {{name: bare, namespace: {namespace}}}
spec:
  containers: [{{name: app, image: app}}]
"""
#: Admitted by baseline from v1.37 (tcp_slow_start_after_idle joined the safe sysctls then), denied before.
SYSCTL = """\
apiVersion: v1
kind: Pod
metadata: {{name: tuned, namespace: {namespace}}}
spec:
  securityContext: {{sysctls: [{{name: net.ipv4.tcp_slow_start_after_idle, value: '0'}}]}}
  containers: [{{name: app, image: app}}]
"""


def _namespace(name: str, *, fleetform: bool = False, **labels: str) -> str:
    pss = {f"pod-security.kubernetes.io/{key.replace('_', '-')}": value for key, value in labels.items()}
    if fleetform:  # synth labels the namespaces it creates with the cluster's version
        pss["app.kubernetes.io/managed-by"] = "fleetform"
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": pss}})


def _messages(tmp_path: Path, *documents: str, policy: str | None = None) -> dict[str, list[str]]:
    write_file(tmp_path, "aws-dev/objects.yaml", "---\n".join(documents))
    only = [policy] if policy else [p.name for p in DEFAULT_POLICIES.glob("k8s-pss-*")]
    report = check_paths([tmp_path / "aws-dev"], only=only, workers=1)
    out: dict[str, list[str]] = {}
    for finding in report.findings:
        out.setdefault(finding.object, []).append(f"[{finding.rule}] {finding.message}")
    return out


def test_a_pod_whose_namespace_is_not_in_the_input_is_held_to_restricted_at_the_newest_version(
    tmp_path: Path,
) -> None:
    got = _messages(tmp_path, BARE.format(namespace="elsewhere"), policy="k8s-pss-run-as-non-root")
    assert got == {
        "v1 Pod elsewhere/bare": [
            "[k8s-pss-run-as-non-root] containers [app] must set securityContext.runAsNonRoot: true, in the "
            "container or the pod (restricted:v1.37)"
        ]
    }


def test_each_namespace_is_judged_at_its_own_level(tmp_path: Path) -> None:
    got = _messages(
        tmp_path,
        _namespace("free", enforce="privileged", enforce_version="v1.32"),
        _namespace("base", enforce="baseline", enforce_version="v1.32"),
        _namespace("strict", enforce="restricted", enforce_version="v1.32"),
        BARE.format(namespace="free"),
        BARE.format(namespace="base"),
        BARE.format(namespace="strict"),
    )
    assert list(got) == ["v1 Pod strict/bare"]
    assert got["v1 Pod strict/bare"] == [
        "[k8s-pss-capabilities] containers [app] must drop ALL capabilities (restricted:v1.32)",
        "[k8s-pss-privilege-escalation] containers [app] must set securityContext.allowPrivilegeEscalation: false "
        "(restricted:v1.32)",
        "[k8s-pss-run-as-non-root] containers [app] must set securityContext.runAsNonRoot: true, in the container "
        "or the pod (restricted:v1.32)",
        "[k8s-pss-seccomp] containers [app] must run with seccompProfile.type RuntimeDefault or Localhost, set in "
        "the container or the pod (restricted:v1.32)",
    ]


def test_an_unknown_level_counts_as_restricted_and_a_missing_one_too(tmp_path: Path) -> None:
    got = _messages(
        tmp_path,
        _namespace("typo", enforce="baseline-ish", enforce_version="v1.32"),
        _namespace("unlabelled", enforce_version="v1.32"),
        BARE.format(namespace="typo"),
        BARE.format(namespace="unlabelled"),
        policy="k8s-pss-privilege-escalation",
    )
    message = "[k8s-pss-privilege-escalation] containers [app] must set securityContext.allowPrivilegeEscalation: false"
    assert got == {
        "v1 Pod typo/bare": [f"{message} (restricted:v1.32)"],
        "v1 Pod unlabelled/bare": [f"{message} (restricted:v1.32)"],
    }


def test_the_version_label_picks_the_rules_and_latest_is_the_cluster_s_version(tmp_path: Path) -> None:
    got = _messages(
        tmp_path,
        _namespace("old", enforce="baseline", enforce_version="v1.36"),
        _namespace("new", enforce="baseline", enforce_version="v1.37"),
        _namespace("latest", enforce="baseline", enforce_version="latest"),
        _namespace("unversioned", enforce="baseline"),
        _namespace("malformed", enforce="baseline", enforce_version="1.37"),
        *(SYSCTL.format(namespace=ns) for ns in ("old", "new", "latest", "unversioned", "malformed")),
        policy="k8s-pss-sysctls",
    )
    # No namespace fleetform created tells the cluster's version: the newest the policies know, 1.37.
    assert got == {
        "v1 Pod old/tuned": [
            "[k8s-pss-sysctls] sysctls [net.ipv4.tcp_slow_start_after_idle] are not in the safe set (baseline:v1.36)"
        ]
    }


def test_a_cluster_at_an_older_version_evaluates_latest_and_newer_labels_at_its_own(tmp_path: Path) -> None:
    got = _messages(
        tmp_path,
        _namespace("platform", fleetform=True, enforce="restricted", enforce_version="v1.32"),
        _namespace("latest", enforce="baseline", enforce_version="latest"),
        _namespace("future", enforce="baseline", enforce_version="v1.40"),
        *(SYSCTL.format(namespace=ns) for ns in ("latest", "future")),
        policy="k8s-pss-sysctls",
    )
    message = "[k8s-pss-sysctls] sysctls [net.ipv4.tcp_slow_start_after_idle] are not in the safe set (baseline:v1.32)"
    assert got == {"v1 Pod future/tuned": [message], "v1 Pod latest/tuned": [message]}


def test_the_emitted_policies_carry_the_cluster_s_kubernetes_version() -> None:
    cluster = load_settings(REPO / "settings").clusters()[0]
    minor = cluster.platform.kubernetes_version.split(".")[1]
    vaps = [o for o in admission_objects(cluster) if o["kind"] == "ValidatingAdmissionPolicy"]
    versions = {
        o["metadata"]["name"]: v["expression"]
        for o in vaps
        for v in o["spec"].get("variables") or []
        if v["name"] == "kubernetesVersion"
    }
    assert versions == {o["metadata"]["name"]: minor for o in vaps if o["metadata"]["name"].startswith("k8s-pss-")}


def test_every_pss_policy_reads_level_and_version_the_same_way() -> None:
    """The shared variables (version, level, the pod and its containers) are one text in every k8s-pss-*."""
    shared = ("kubernetesVersion", "nsLabels", "level", "version", "profile", "podMeta", "pod", "containers")
    seen = set()
    for file in sorted(DEFAULT_POLICIES.glob("k8s-pss-*/policy.yaml")):
        variables = yaml.safe_load(file.read_text(encoding="utf-8"))["spec"]["variables"]
        assert [v["name"] for v in variables[: len(shared)]] == list(shared), file
        seen.add(yaml.safe_dump(variables[: len(shared)]))
    assert len(seen) == 1
