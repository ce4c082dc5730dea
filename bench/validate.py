"""Benchmark ``fleetform validate`` on a kubeconform-shaped corpus (run by hand, not in tests).

kubeconform's published benchmark: 50,714 resources in 35,139 files, mixed kinds, 6.7 s on 4 cores (-n 8).
This generates a corpus of that shape in a temporary folder, times ``fleetform validate -n N -summary`` on it
(a fresh process, as a user runs it), and times ``kubernetes-validate``'s CLI on a sample of the same files.

    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 .venv/bin/python bench/validate.py [--workers 2]
        [--files 35139 --resources 50714] [--sample 200] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = ("deployment", "service", "configmap", "serviceaccount", "hpa", "cronjob", "networkpolicy", "pdb", "role")


def manifest(kind: str, i: int) -> str:
    """One realistic resource of ``kind`` (about 10-45 lines), numbered ``i``."""
    name, ns = f"app-{i}", f"team-{i % 37}"
    meta = f"metadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/name: {name}\n"
    meta += "    app.kubernetes.io/part-of: bench\n"
    if kind == "deployment":
        return (
            f"apiVersion: apps/v1\nkind: Deployment\n{meta}spec:\n  replicas: {1 + i % 5}\n"
            f"  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  template:\n    metadata:\n"
            f"      labels:\n        app.kubernetes.io/name: {name}\n    spec:\n      serviceAccountName: {name}\n"
            "      containers:\n        - name: app\n          image: ghcr.io/acme/app@sha256:"
            + "0123456789abcdef"
            * 4
            + "\n          ports:\n            - containerPort: 8080\n              name: http\n"
            "          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: TOKEN\n"
            "              valueFrom:\n                secretKeyRef: {name: token, key: value}\n"
            "          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n"
            "            limits: {memory: 256Mi}\n"
            "          readinessProbe:\n            httpGet: {path: /healthz, port: http}\n"
            "            periodSeconds: 10\n          securityContext:\n            runAsNonRoot: true\n"
            "            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n"
        )
    if kind == "service":
        return (
            f"apiVersion: v1\nkind: Service\n{meta}spec:\n  type: ClusterIP\n  selector:\n"
            f"    app.kubernetes.io/name: {name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: http\n"
        )
    if kind == "configmap":
        return f'apiVersion: v1\nkind: ConfigMap\n{meta}data:\n  LOG_LEVEL: info\n  WORKERS: "4"\n  REGION: eu\n'
    if kind == "serviceaccount":
        return f"apiVersion: v1\nkind: ServiceAccount\n{meta}automountServiceAccountToken: false\n"
    if kind == "hpa":
        return (
            f"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n{meta}spec:\n  scaleTargetRef:\n"
            f"    apiVersion: apps/v1\n    kind: Deployment\n    name: {name}\n  minReplicas: 2\n  maxReplicas: 10\n"
            "  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n"
            "          type: Utilization\n          averageUtilization: 70\n"
        )
    if kind == "cronjob":
        return (
            f'apiVersion: batch/v1\nkind: CronJob\n{meta}spec:\n  schedule: "*/15 * * * *"\n'
            "  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n      template:\n"
            "        spec:\n          restartPolicy: Never\n          containers:\n            - name: job\n"
            '              image: ghcr.io/acme/job:1.0\n              args: ["--once"]\n'
        )
    if kind == "networkpolicy":
        return (
            f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n{meta}spec:\n  podSelector:\n    matchLabels:\n"
            f"      app.kubernetes.io/name: {name}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n"
            "        - namespaceSelector:\n            matchLabels: {team: platform}\n      ports:\n"
            "        - {protocol: TCP, port: 8080}\n"
        )
    if kind == "pdb":
        return (
            f"apiVersion: policy/v1\nkind: PodDisruptionBudget\n{meta}spec:\n  minAvailable: 1\n  selector:\n"
            f"    matchLabels:\n      app.kubernetes.io/name: {name}\n"
        )
    return (
        f'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n{meta}rules:\n  - apiGroups: [""]\n'
        "    resources: [configmaps]\n    verbs: [get, list, watch]\n"
    )


def generate(root: Path, files: int, resources: int, seed: int = 5) -> int:
    """Write ``files`` files holding ``resources`` resources in all (1-3 per file); returns the count."""
    rng = random.Random(seed)
    extra = resources - files
    per_file = [1] * files
    for index in rng.sample(range(files), min(extra, files)):
        per_file[index] += 1
    for index in rng.sample(range(files), max(0, extra - files)):
        per_file[index] += 1
    n = 0
    for f, count in enumerate(per_file):
        docs = []
        for _ in range(count):
            docs.append(manifest(KINDS[rng.randrange(len(KINDS))], n))
            n += 1
        folder = root / f"ns-{f % 100:02}"
        folder.mkdir(exist_ok=True)
        (folder / f"file-{f:05}.yaml").write_text("---\n".join(docs))
    return n


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, all processes) and the last output line of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    output = (done.stdout + done.stderr).strip().splitlines()
    return elapsed, cpu, output[-1] if output else ""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=35_139)
    parser.add_argument("--resources", type=int, default=50_714)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=200, help="files given to kubernetes-validate's CLI")
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of fleetform validate (best is kept)")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="fleetform-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        count = generate(root, args.files, args.resources)
        print(f"corpus: {count} resources in {args.files} files ({time.perf_counter() - start:.1f} s to write)")
        best = float("inf")
        code = "import sys; from fleetform.commands.validate import run; sys.exit(run(sys.argv[1:]))"
        ours = [sys.executable, "-c", code, "-n", str(args.workers), "-summary", "-strict", str(root)]
        for _ in range(args.repeat):
            elapsed, cpu, last = timed(ours)
            print(
                f"fleetform validate -n {args.workers} -strict: {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
                f"{count / elapsed:,.0f} resources/s  [{last}]"
            )
            best = min(best, elapsed)
        rate = count / best
        sample = sorted(root.rglob("*.yaml"))[: args.sample]
        sample_resources = sum(p.read_text().count("\nkind: ") + p.read_text().startswith("kind: ") for p in sample)
        kv = [sys.executable, "-m", "kubernetes_validate", "-k", "1.32", "--strict", "--quiet", *map(str, sample)]
        kv_elapsed, _, _ = timed(kv)
        kv_rate = sample_resources / kv_elapsed
        print(
            f"kubernetes-validate CLI on {sample_resources} resources: {kv_elapsed:.2f} s, {kv_rate:,.0f} resources/s"
        )
        print(f"ratio: {rate / kv_rate:,.0f}x kubernetes-validate's per-object throughput")
        print(
            f"best of {args.repeat}: {best:.2f} s; goal <= 3.40 s on 2 cores -> {'met' if best <= 3.4 else 'NOT met'}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
