"""Benchmark ``fleetform policy`` against Checkov on the same synthesized tree (run by hand, not in tests).

Times both tools as fresh processes on the same folder (default: dist/, Kubernetes YAML and cdk.tf.json),
prints the speed ratio (goal: fleetform >= 20x faster), then a table of every Checkov check that ran, with
its pass/fail counts and the fleetform policy that covers it, or the written reason it does not apply.
Checkov lives in its own virtualenv (it clashes with fleetform's dependencies) and runs offline.

    .venv/bin/python bench/policy.py [TREE] [--checkov-venv DIR] [--install] [--runs 3]

fleetform runs as users run it, the ``fleetform policy`` console script, twice per round: with its caches
warm (compiled CEL and parsed files in ~/.cache/fleetform, the pre-commit case) and with ``--no-cache``
(nothing from ~/.cache: every manifest parsed, the fresh-CI-machine case; like a fresh install it reads the
policy library compiled ahead of time, policies/compiled.bin, shipped in the package).

``--checkov-venv`` defaults to $FLEETFORM_CHECKOV_VENV or /tmp/checkov-venv; ``--install`` creates it
(``python -m venv DIR && DIR/bin/pip install checkov``) when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

#: Checkov check -> the fleetform policy that catches the same thing, or "n/a: <why it does not apply>",
#: or "gap: <what fleetform does not check yet>". Every check that FAILS on our dist/ must be listed.
CHECKOV_MAP: dict[str, str] = {
    # Kubernetes: pod security
    "CKV_K8S_16": "k8s-pss-privileged",
    "CKV_K8S_17": "k8s-pss-host-namespaces",
    "CKV_K8S_18": "k8s-pss-host-namespaces",
    "CKV_K8S_19": "k8s-pss-host-namespaces",
    "CKV_K8S_20": "k8s-pss-privilege-escalation",
    "CKV_K8S_22": "k8s-read-only-root-fs",
    "CKV_K8S_23": "k8s-pss-run-as-non-root",
    "CKV_K8S_25": "k8s-pss-capabilities",
    "CKV_K8S_26": "k8s-pss-host-namespaces",
    "CKV_K8S_27": "k8s-pss-volume-types",
    "CKV_K8S_28": "k8s-pss-capabilities",
    "CKV_K8S_29": "k8s-pss-run-as-non-root",
    "CKV_K8S_30": "k8s-pss-run-as-non-root",
    "CKV_K8S_31": "k8s-pss-seccomp",
    "CKV_K8S_37": "k8s-pss-capabilities",
    "CKV_K8S_39": "k8s-pss-capabilities",
    "CKV_K8S_40": "n/a: k8s-pss-run-as-user forbids UID 0; the images run as 10001 (> 10000) by construction",
    "CKV_K8S_10": "k8s-resources",
    "CKV_K8S_11": "k8s-resources",
    "CKV_K8S_12": "k8s-resources",
    "CKV_K8S_13": "k8s-resources",
    "CKV_K8S_8": "k8s-probes",
    "CKV_K8S_9": "k8s-probes",
    "CKV_K8S_14": "k8s-image-pinned",
    "CKV_K8S_43": "k8s-image-pinned",
    "CKV_K8S_15": "n/a: images are pinned by digest (k8s-image-pinned), so IfNotPresent cannot run a stale image",
    "CKV_K8S_38": "k8s-service-account-token",
    "CKV_K8S_41": "k8s-service-account-token",
    "CKV_K8S_42": "k8s-service-account-token",
    "CKV_K8S_35": "n/a: the platform passes DATABASE_URL/REDIS_URL/KAFKA_BOOTSTRAP_SERVERS as env vars; they come "
    "from a Secret reference (never literals, fleet-no-secret-data); files would need app changes",
    "CKV_K8S_21": "n/a: every object sets its namespace (ml-<env>); the default namespace is never used",
    "CKV2_K8S_6": "fleet-namespace-default-deny",
    "CKV_K8S_49": "k8s-rbac-least-privilege",
    "CKV_K8S_157": "k8s-rbac-least-privilege",
    "CKV_K8S_158": "k8s-rbac-least-privilege",
    "CKV2_K8S_1": "k8s-rbac-least-privilege (no bind/escalate verbs, no RoleBinding to admin/edit/cluster-admin)",
    "CKV2_K8S_2": "k8s-rbac-least-privilege",
    "CKV2_K8S_3": "k8s-rbac-least-privilege",
    "CKV2_K8S_4": "k8s-rbac-least-privilege",
    "CKV2_K8S_5": "k8s-rbac-least-privilege",
    "CKV_K8S_33": "k8s-image-registries (a dashboard image is not from an allowed registry)",
    "CKV_K8S_34": "k8s-image-registries (Tiller's image is not from an allowed registry)",
    "CKV_K8S_159": "k8s-image-registries (git-sync images are not from an allowed registry)",
}
#: Checks whose id prefix means "API server / kubelet / etcd flags": managed control planes, not manifests.
NOT_MANIFESTS = "n/a: control-plane or kubelet flag check; EKS/AKS/GKE manage those, nothing in dist/ sets them"
CHECKOV_MAP.update(
    {
        # Terraform
        "CKV_AWS_19": "tf-encryption-at-rest",
        "CKV_AWS_145": "tf-encryption-at-rest (the access-log buckets use SSE-S3: S3 and ALB log delivery "
        "support no KMS key)",
        "CKV_AWS_16": "tf-encryption-at-rest",
        "CKV_AWS_29": "tf-encryption-at-rest",
        "CKV_AWS_191": "tf-encryption-at-rest",
        "CKV_AWS_58": "tf-encryption-at-rest",
        "CKV_AWS_81": "tf-encryption-at-rest",
        "CKV2_AZURE_1": "tf-encryption-at-rest",
        "CKV_AWS_17": "tf-no-public-access",
        "CKV2_AWS_6": "tf-no-public-access",
        "CKV_AWS_53": "tf-no-public-access",
        "CKV_AWS_54": "tf-no-public-access",
        "CKV_AWS_55": "tf-no-public-access",
        "CKV_AWS_56": "tf-no-public-access",
        "CKV_AZURE_59": "tf-no-public-access",
        "CKV_AZURE_190": "tf-no-public-access",
        "CKV_AZURE_34": "tf-no-public-access",
        "CKV2_AZURE_47": "tf-no-public-access",
        "CKV_AZURE_89": "tf-no-public-access",
        "CKV_AWS_103": "tf-tls-min-version",
        "CKV_AWS_2": "tf-tls-min-version",
        "CKV2_AWS_20": "tf-tls-min-version",
        "CKV_AWS_30": "tf-tls-min-version",
        "CKV_AWS_31": "tf-tls-min-version",
        "CKV_AZURE_148": "tf-tls-min-version",
        "CKV_AZURE_44": "tf-tls-min-version",
        "CKV_AZURE_3": "tf-tls-min-version",
        "CKV_AZURE_91": "tf-tls-min-version",
        "CKV_AZURE_223": "tf-tls-min-version",
        "CKV_AZURE_218": "tf-tls-min-version",
        "CKV2_AWS_74": "tf-tls-min-version",
        "CKV_AWS_378": "tf-tls-min-version",
        "CKV_AWS_133": "tf-backups-and-ha",
        "CKV_AWS_157": "tf-backups-and-ha (production only: dev is single-AZ by design, production requires HA)",
        "CKV2_AWS_50": "tf-backups-and-ha (production only, as above)",
        "CKV_AZURE_206": "tf-backups-and-ha (ZRS/GZRS in production; Checkov wants GRS-family names)",
        "CKV_AZURE_136": "tf-backups-and-ha (production only: dev/staging have no DR)",
        "CKV_AWS_150": "tf-deletion-protection (production only: dev/staging may be torn down)",
        "CKV_AWS_293": "tf-deletion-protection (production only, as above)",
        "CKV_AZURE_110": "tf-deletion-protection",
        "CKV_AWS_24": "tf-no-open-ingress",
        "CKV_AWS_25": "tf-no-open-ingress",
        "CKV_AWS_260": "tf-no-open-ingress",
        "CKV_AWS_277": "tf-no-open-ingress",
        "CKV_AWS_100": "tf-no-open-ingress",
        "CKV_AWS_23": "n/a: descriptions on security groups/rules are documentation, not a platform control",
        "CKV2_AZURE_31": "tf-network-default-deny",
        "CKV_AZURE_168": "n/a: max pods per node is capacity tuning, not a security or platform requirement",
        "CKV_AWS_338": "tf-log-retention (production only: 365 days; dev/staging keep 14/30 days, "
        "they hold no production data)",
        "CKV2_AWS_61": "n/a: lifecycle rules are cost tuning for the model bucket (versioned, replicated)",
        "CKV2_AWS_62": "n/a: S3 event notifications are a feature, not a control",
        "CKV2_AZURE_21": "tf-audit-logging (a diagnostic setting sends blob StorageRead/Write/Delete to Log Analytics; "
        "Checkov only recognizes the legacy azurerm_log_analytics_storage_insights, which needs shared keys)",
        "CKV2_AZURE_32": "tf-no-public-access",
        "CKV_AWS_18": "tf-audit-logging (the access-log buckets themselves do not log their own access: that would "
        "loop; they admit only the two log-delivery principals)",
        "CKV_AZURE_189": "tf-no-public-access",
        "CKV_AZURE_33": "n/a: queue service logging; the platform uses no storage queues",
        "CKV_AZURE_40": "n/a: keys rotate by rotation_policy; an expiry date would break encryption at rest",
        "CKV2_AWS_11": "tf-audit-logging",
        "CKV2_AWS_12": "tf-network-default-deny",
        "CKV2_AWS_31": "tf-audit-logging",
        "CKV2_AWS_76": "tf-waf-managed-rules",
        "CKV2_AZURE_57": "n/a: PostgreSQL uses VNet integration (delegated subnet, public access off), "
        "an equivalent of "
        "a private endpoint (tf-no-public-access)",
        "CKV_AWS_118": "n/a: enhanced monitoring is observability, not a platform control",
        "CKV_AWS_37": "tf-audit-logging",
        "CKV_AWS_91": "tf-audit-logging",
        "CKV_AZURE_117": "tf-encryption-at-rest",
        "CKV_AZURE_135": "tf-waf-managed-rules (Microsoft_DefaultRuleSet 2.1, whose rule 944240 blocks Log4Shell, must "
        "not be disabled; Checkov only recognizes OWASP 3.1/3.2)",
        "CKV_AZURE_172": "n/a: the Secrets Store CSI driver is not used",
        "CKV_AZURE_226": "n/a: ephemeral OS disks are a performance choice",
        "CKV2_AZURE_33": "tf-no-public-access (public_network_access_enabled=false; "
        "the endpoint itself is not checked)",
        "CKV_AWS_144": "n/a: cross-region replication is the DR stack's concern (the DR bucket itself and the "
        "per-region access-log buckets fail this)",
        "CKV_AWS_38": "tf-private-control-plane",
        "CKV_AWS_39": "tf-private-control-plane (private in production; dev keeps a public endpoint for laptops, "
        "limited to infra.api_allowed_cidrs)",
        "CKV_AZURE_115": "tf-private-control-plane (private in production; dev public, limited to api_allowed_cidrs)",
        "CKV_AZURE_6": "tf-private-control-plane",
        "CKV_AZURE_170": "n/a: the paid AKS SLA tier is a cost decision (dev uses Free)",
        # GCP
        "CKV_GCP_6": "tf-tls-min-version (settings.ip_configuration.ssl_mode ENCRYPTED_ONLY; Checkov reads the "
        "deprecated require_ssl)",
        "CKV_GCP_12": "tf-network-policy-enforced (GKE Dataplane V2 enforces NetworkPolicy; Checkov wants the "
        "network_policy block of the legacy Calico add-on)",
        "CKV_AZURE_7": "tf-network-policy-enforced",
        "CKV_GCP_13": "n/a: client-certificate auth is disabled by design (Google recommends it off)",
        "CKV_GCP_65": "tf-cluster-identity-access",
        "CKV_GCP_66": "tf-image-admission",
        "CKV_GCP_69": "n/a: the default node pool is removed; every node pool sets workload_metadata_config "
        "GKE_METADATA (Checkov reads the cluster's default node_config)",
        "CKV_GCP_61": "tf-audit-logging",
        "CKV_GCP_62": "tf-audit-logging (Data Access audit logs for storage.googleapis.com, which Google recommends "
        "over the legacy usage logs Checkov reads in logging.log_bucket)",
        "CKV_GCP_79": "n/a: PostgreSQL 16 is pinned by settings; 'latest major' is an upgrade policy, not a control",
        "CKV_GCP_82": "tf-deletion-protection (production only: dev/staging keys may be torn down with their data)",
        "CKV_GCP_51": "tf-audit-logging",
        "CKV_GCP_52": "tf-audit-logging",
        "CKV_GCP_53": "tf-audit-logging",
        "CKV_GCP_108": "tf-audit-logging",
        "CKV_GCP_109": "tf-audit-logging",
        "CKV_GCP_110": "tf-audit-logging",
        "CKV_GCP_111": "tf-audit-logging",
        "CKV2_GCP_13": "tf-audit-logging",
        "CKV2_GCP_18": "tf-network-default-deny",
    }
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], out: Path | None = None) -> tuple[float, float]:
    """Run ``cmd`` (stdout to ``out``); return (wall seconds, CPU seconds of the process and its children).

    CPU time is the steadier number on a shared machine: other jobs stretch wall time, not CPU time."""
    cpu, start = _children_cpu(), time.perf_counter()
    with open(out or os.devnull, "w", encoding="utf-8") as handle:
        proc = subprocess.run(
            cmd,
            stdout=handle,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
        )
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return wall, _children_cpu() - cpu


def run_fleetform(tree: Path, out: Path, cache: str) -> tuple[float, float]:
    """``fleetform policy`` as users run it (the console script); ``cache``: "warm" (the default: compiled
    CEL and parsed files reused from ~/.cache/fleetform, as in a pre-commit hook), or "cold" (``--no-cache``:
    every file parsed, as on a fresh CI machine, which has the package's policies/compiled.bin)."""
    script = Path(sys.executable).with_name("fleetform")
    flags = ["--no-cache"] if cache == "cold" else []
    return timed(
        [str(script), "policy", str(tree), *flags, "--format", "json", "--output", str(out), "--fail-on", "critical"]
    )


def run_checkov(venv: Path, tree: Path, out: Path) -> tuple[float, float]:
    return timed(
        [
            str(venv / "bin" / "checkov"),
            "-d",
            str(tree.resolve()),
            "--framework",
            "kubernetes",
            "terraform_json",
            "--skip-download",
            "-o",
            "json",
            "--compact",
        ],
        out,
    )


def checkov_results(report: Path) -> dict[str, tuple[str, Counter[str]]]:
    """check id -> (name, Counter of PASSED/FAILED)."""
    data: Any = json.loads(report.read_text(encoding="utf-8") or "[]")
    blocks = data if isinstance(data, list) else [data]
    out: dict[str, tuple[str, Counter[str]]] = {}
    for block in blocks:
        for key, result in (("passed_checks", "PASSED"), ("failed_checks", "FAILED")):
            for check in block.get("results", {}).get(key, []):
                entry = out.setdefault(check["check_id"], (check["check_name"], Counter()))
                entry[1][result] += 1
    return out


def coverage(check_id: str) -> str:
    if check_id in CHECKOV_MAP:
        return CHECKOV_MAP[check_id]
    if check_id.startswith("CKV_K8S_") and 68 <= int(check_id.rsplit("_", 1)[1]) <= 151:
        return NOT_MANIFESTS
    return "unmapped"


def print_table(results: dict[str, tuple[str, Counter[str]]], findings: Counter[str]) -> int:
    """Print the mapping table; return how many failing checks have neither a policy nor a reason."""
    print(f"\n{'checkov check':15} {'pass':>5} {'fail':>5}  fleetform policy (findings) / reason")
    unmapped = 0
    rows = sorted(results.items(), key=lambda item: (-item[1][1]["FAILED"], item[0]))
    for check_id, (name, counts) in rows:
        cover = coverage(check_id)
        policy = cover.split(" ", 1)[0]
        shown = (
            f"{cover} ({findings[policy]} findings)"
            if policy in findings or policy.startswith(("k8s-", "tf-", "fleet-"))
            else cover
        )
        if counts["FAILED"] and cover == "unmapped":
            unmapped += 1
        print(f"{check_id:15} {counts['PASSED']:5} {counts['FAILED']:5}  {shown}  [{name[:60]}]")
    return unmapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", nargs="?", type=Path, default=Path("dist"))
    parser.add_argument(
        "--checkov-venv", type=Path, default=Path(os.environ.get("FLEETFORM_CHECKOV_VENV", "/tmp/checkov-venv"))
    )
    parser.add_argument("--install", action="store_true", help="create the Checkov venv if it is missing")
    parser.add_argument(
        "--runs", type=int, default=3, help="rounds; each runs fleetform warm, fleetform cold and Checkov once"
    )
    args = parser.parse_args()
    if not (args.checkov_venv / "bin" / "checkov").exists():
        if not args.install:
            raise SystemExit(f"no Checkov in {args.checkov_venv}; pass --install or set FLEETFORM_CHECKOV_VENV")
        subprocess.run([sys.executable, "-m", "venv", str(args.checkov_venv)], check=True)
        subprocess.run([str(args.checkov_venv / "bin" / "pip"), "install", "-q", "checkov"], check=True)
    with tempfile.TemporaryDirectory(prefix="fleetform-bench-") as scratch:
        ff_out, ck_out = Path(scratch) / "fleetform.json", Path(scratch) / "checkov.json"
        run_fleetform(args.tree, ff_out, "warm")  # fills the caches the warm runs read
        times: dict[str, list[tuple[float, float]]] = {"warm": [], "cold": [], "checkov": []}
        for _ in range(max(1, args.runs)):  # interleaved: a busy spell on the machine slows all three alike
            times["warm"].append(run_fleetform(args.tree, ff_out, "warm"))
            times["cold"].append(run_fleetform(args.tree, ff_out, "cold"))
            times["checkov"].append(run_checkov(args.checkov_venv, args.tree, ck_out))
        ff = json.loads(ff_out.read_text(encoding="utf-8"))
        findings = Counter(f["policy"] for f in ff["findings"] + ff["waived"])
        results = checkov_results(ck_out)
    median = {key: tuple(statistics.median(r[i] for r in runs) for i in (0, 1)) for key, runs in times.items()}
    summary = ff["summary"]
    print(f"tree: {args.tree} ({summary['objects']} objects), median of {args.runs} interleaved rounds")
    print(
        f"fleetform policy: {summary['policies']} policies, {summary['findings']} findings, {summary['waived']} waived"
    )
    ck_wall, ck_cpu = median["checkov"]
    for key, label in (("warm", "fleetform (warm caches)"), ("cold", "fleetform (--no-cache)")):
        wall, cpu = median[key]
        ratio = min(ck_wall / wall, ck_cpu / cpu)
        print(
            f"{label:24} {wall:5.2f} s wall, {cpu:5.2f} s CPU: {ck_wall / wall:5.1f}x wall, {ck_cpu / cpu:5.1f}x CPU "
            f"(goal >= 20x: {'met' if ratio >= 20 else 'NOT met'})"
        )
    print(
        f"{'checkov':24} {ck_wall:5.2f} s wall, {ck_cpu:5.2f} s CPU "
        f"({sum(c.total() for _, c in results.values())} check results)"
    )
    unmapped = print_table(results, findings)
    print(f"\nfailing Checkov checks with neither a fleetform policy nor a written reason: {unmapped}")
    return 1 if unmapped else 0


if __name__ == "__main__":
    sys.exit(main())
