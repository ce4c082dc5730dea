"""The whole platform: cluster set, labels, production numbers, determinism, kustomize builds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.synth import SynthResult, synthesize
from fleetform.versions.flux import flux_components

CLUSTERS = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]
LABELS = {f"app.kubernetes.io/{k}" for k in ("name", "instance", "component", "part-of", "managed-by")}
VERSION = "app.kubernetes.io/version"
#: The objects of Flux v2.9.4's ``flux install --export`` (namespace, policies, RBAC, 11 CRDs, 4 controllers).
FLUX_OBJECTS = {(o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]) for o in flux_components("v2.9.4")}


@pytest.fixture(scope="module")
def platform(repo: Path) -> SynthResult:
    return synthesize(repo / "settings", terraform=False)


def _objects(platform: SynthResult, cluster: str) -> list[dict[str, Any]]:
    prefix = f"k8s/{cluster}/"
    return [
        yaml.safe_load(data)
        for path, data in platform.tree.items()
        if path.startswith(prefix) and not path.endswith("kustomization.yaml")
    ]


def _find(platform: SynthResult, path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load(platform.tree[path])
    return obj


def test_every_cluster_has_a_folder_per_layer(platform: SynthResult) -> None:
    assert sorted({p.split("/")[1] for p in platform.tree if p.startswith("k8s/")}) == sorted(CLUSTERS)
    for cluster in CLUSTERS:
        root = yaml.safe_load(platform.tree[f"k8s/{cluster}/kustomization.yaml"])
        assert root["resources"] == ["flux", "controllers", "configs", "apps"]


def test_flux_applies_the_layers_in_order(platform: SynthResult) -> None:
    apps = _find(platform, "k8s/gcp-staging/flux/flux-system/kustomization-apps.yaml")
    assert apps["spec"]["path"] == "./dist/k8s/gcp-staging/apps"
    assert apps["spec"]["dependsOn"] == [{"name": "configs"}]
    assert (apps["spec"]["prune"], apps["spec"]["wait"]) == (True, True)


def test_the_mesh_enforces_strict_mtls_and_fronts_the_api(platform: SynthResult) -> None:
    mesh = _find(platform, "k8s/azure-production/configs/istio-system/peerauthentication-default.yaml")
    assert mesh["spec"] == {"mtls": {"mode": "STRICT"}}
    # Under progressive delivery Flagger makes the API's ClusterIP Services; dev's hand-written one is ClusterIP.
    assert "k8s/azure-production/apps/ml-production/service-api.yaml" not in platform.tree
    service = _find(platform, "k8s/azure-dev/apps/ml-dev/service-api.yaml")
    assert service["spec"]["type"] == "ClusterIP"
    gateway = _find(platform, "k8s/azure-production/configs/istio-ingress/gateway-api-gateway.yaml")
    assert gateway["spec"]["servers"][0]["hosts"] == ["api.production.azure.ml.acme.example"]
    release = _find(platform, "k8s/azure-production/controllers/istio-ingress/helmrelease-istio-ingressgateway.yaml")
    assert release["spec"]["values"]["service"] == {
        "type": "LoadBalancer",
        "annotations": {
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.20.31.250",
        },
    }
    # Pod Security 'restricted' (the gateway's namespace) needs a seccomp profile the chart does not set.
    assert release["spec"]["values"]["securityContext"] == {
        "seccompProfile": {"type": "RuntimeDefault"},
        "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}],
    }


def test_each_cloud_exposes_the_gateway_to_its_public_load_balancer(platform: SynthResult) -> None:
    path = "k8s/{}-production/controllers/istio-ingress/helmrelease-istio-ingressgateway.yaml"
    services = {cloud: _find(platform, path.format(cloud))["spec"]["values"]["service"] for cloud in ("aws", "gcp")}
    assert services == {
        "aws": {"type": "ClusterIP"},
        "gcp": {
            "type": "ClusterIP",
            "annotations": {
                "cloud.google.com/neg": '{"exposed_ports": {"80": {"name": "ml-platform-production-ingress"}}}'
            },
        },
    }
    binding = _find(platform, "k8s/aws-production/configs/istio-ingress/targetgroupbinding-istio-ingressgateway.yaml")
    assert binding["spec"] == {
        "serviceRef": {"name": "istio-ingressgateway", "port": 80},
        "targetGroupName": "ml-platform-production-api",
        "targetType": "ip",
    }
    bindings = [p for p in platform.tree if "/targetgroupbinding-" in p]
    assert sorted(bindings) == [
        f"k8s/aws-{env}/configs/istio-ingress/targetgroupbinding-istio-ingressgateway.yaml"
        for env in ("dev", "production", "staging")
    ]


def test_aws_clusters_run_the_load_balancer_controller_in_its_own_namespace(platform: SynthResult) -> None:
    ns = "aws-load-balancer-controller"
    release = _find(platform, f"k8s/aws-staging/controllers/{ns}/helmrelease-{ns}.yaml")
    chart = release["spec"]["chart"]["spec"]
    assert (chart["chart"], chart["version"], chart["sourceRef"]["name"]) == (ns, "3.5.0", "eks")
    assert release["spec"]["values"]["clusterName"] == "ml-platform-staging-eks"
    repository = _find(platform, "k8s/aws-staging/controllers/flux-system/helmrepository-eks.yaml")
    assert repository["spec"]["url"] == "https://aws.github.io/eks-charts"
    namespace = _find(platform, f"k8s/aws-staging/controllers/namespace-{ns}.yaml")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    webhooks = _find(platform, f"k8s/aws-staging/controllers/{ns}/networkpolicy-allow-webhooks.yaml")
    assert webhooks["spec"]["ingress"] == [{"ports": [{"port": 9443, "protocol": "TCP"}]}]
    assert [p for p in platform.tree if f"/{ns}/" in p and not p.startswith("k8s/aws-")] == []


def test_flux_installs_itself_from_the_flux_layer(platform: SynthResult) -> None:
    layer = yaml.safe_load(platform.tree["k8s/aws-dev/flux/kustomization.yaml"])["resources"]
    assert len(layer) == 32 + 5 + 1  # Flux's manifests, the GitRepository and 4 Kustomizations, default-deny
    deny = _find(platform, "k8s/aws-dev/flux/flux-system/networkpolicy-default-deny.yaml")
    assert deny["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    helm = _find(platform, "k8s/gcp-production/flux/flux-system/deployment-helm-controller.yaml")
    assert helm["spec"]["template"]["spec"]["containers"][0]["image"] == (
        "ghcr.io/fluxcd/helm-controller:v1.6.3@sha256:16ada99456385100698a5d7adf90aba8a2089d987ab541c9566b6d7b0e897038"
    )


def test_controller_values_at_the_pinned_chart_versions(platform: SynthResult) -> None:
    def values(cluster: str, path: str) -> dict[str, Any]:
        release = _find(platform, f"k8s/{cluster}/controllers/{path}")
        spec: dict[str, Any] = release["spec"]
        return {"version": spec["chart"]["spec"]["version"], **spec["values"]}

    assert values("gcp-dev", "istio-system/helmrelease-istio-cni.yaml") == {
        "version": "1.30.3",
        "global": {"hub": "registry.istio.io/release", "platform": "gke"},
    }
    assert values("aws-dev", "istio-system/helmrelease-istio-cni.yaml")["global"] == {
        "hub": "registry.istio.io/release"
    }
    gateway = values("azure-production", "istio-ingress/helmrelease-istio-ingressgateway.yaml")
    assert gateway["securityContext"] == {
        "seccompProfile": {"type": "RuntimeDefault"},
        "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}],
    }
    velero = values("aws-production", "velero/helmrelease-velero.yaml")
    assert (velero["version"], "kubectl" in velero, "image" in velero) == ("12.1.0", False, False)
    assert velero["initContainers"][0]["image"] == "docker.io/velero/velero-plugin-for-aws:v1.14.2"
    assert values("aws-dev", "cert-manager/helmrelease-cert-manager.yaml")["version"] == "v1.21.1"
    assert values("aws-dev", "monitoring/helmrelease-kube-prometheus-stack.yaml")["version"] == "88.5.3"
    for path in ("configs/namespace-ml-dev.yaml", "controllers/namespace-istio-ingress.yaml"):
        labels = _find(platform, f"k8s/gcp-dev/{path}")["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce-version"] == "v1.35", path  # kubernetes_version


def test_every_object_carries_the_standard_labels_and_only_workloads_the_version(platform: SynthResult) -> None:
    assert len(FLUX_OBJECTS) == 32
    versioned = set()
    for cluster in CLUSTERS:
        for obj in _objects(platform, cluster):
            labels = obj["metadata"]["labels"]
            assert set(labels) >= LABELS, f"{cluster} {obj['kind']} {obj['metadata']['name']}"
            # Flux's own components keep upstream's labels where both set one: their release, part of flux.
            flux = labels["app.kubernetes.io/part-of"] == "flux"
            key = (obj["kind"], obj["metadata"].get("namespace"), obj["metadata"]["name"])
            assert flux == (key in FLUX_OBJECTS), key
            if flux:
                assert labels[VERSION] == "v2.9.4", key
                continue
            assert labels["app.kubernetes.io/managed-by"] == "fleetform"
            if VERSION in labels:
                assert labels[VERSION] == "1.4.2"
                versioned.add((obj["kind"], obj["metadata"]["name"]))
    assert versioned == {
        ("CronJob", "off-hours-scaler-down"),
        ("CronJob", "off-hours-scaler-up"),
        ("CronJob", "retraining"),
        ("Deployment", "api"),
        ("Deployment", "model-worker"),
    }


def test_workload_pod_templates_carry_the_version(platform: SynthResult) -> None:
    api = _find(platform, "k8s/gcp-dev/apps/ml-dev/deployment-api.yaml")
    assert api["spec"]["template"]["metadata"]["labels"][VERSION] == "1.4.2"
    job = _find(platform, "k8s/gcp-production/apps/ml-production/cronjob-retraining.yaml")["spec"]["jobTemplate"]
    assert job["metadata"]["labels"][VERSION] == job["spec"]["template"]["metadata"]["labels"][VERSION] == "1.4.2"


def test_production_hpa_has_the_default_bounds_and_targets(platform: SynthResult) -> None:
    hpa = _find(platform, "k8s/aws-production/apps/ml-production/horizontalpodautoscaler-api.yaml")
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (3, 50)
    targets = {m["resource"]["name"]: m["resource"]["target"]["averageUtilization"] for m in hpa["spec"]["metrics"]}
    assert targets == {"cpu": 70, "memory": 80}


def test_cloud_workload_identity_annotations(platform: SynthResult) -> None:
    def sa(cluster: str, env: str) -> dict[str, str]:
        obj = _find(platform, f"k8s/{cluster}/apps/ml-{env}/serviceaccount-ml-platform.yaml")
        annotations: dict[str, str] = obj["metadata"]["annotations"]
        return annotations

    assert sa("aws-production", "production")["eks.amazonaws.com/role-arn"] == (
        "arn:aws:iam::333333333333:role/ml-platform-production-workload"
    )
    assert sa("azure-dev", "dev") == {"azure.workload.identity/client-id": "6f1e2d3c-1111-4111-8111-000000000001"}
    assert sa("gcp-staging", "staging") == {
        "iam.gke.io/gcp-service-account": "ml-platform-workload@acme-ml-staging.iam.gserviceaccount.com"
    }
    pod = _find(platform, "k8s/azure-dev/apps/ml-dev/deployment-api.yaml")["spec"]["template"]["metadata"]
    assert pod["labels"]["azure.workload.identity/use"] == "true"


def test_off_hours_only_outside_production(platform: SynthResult) -> None:
    for cluster in CLUSTERS:
        env = cluster.split("-")[1]
        present = f"k8s/{cluster}/apps/ml-{env}/cronjob-off-hours-scaler-down.yaml" in platform.tree
        assert present == (env != "production"), cluster


def test_retraining_follows_the_flag(platform: SynthResult) -> None:
    assert "k8s/gcp-production/apps/ml-production/cronjob-retraining.yaml" in platform.tree
    assert "k8s/gcp-dev/apps/ml-dev/cronjob-retraining.yaml" not in platform.tree
    config = _find(platform, "k8s/gcp-dev/apps/ml-dev/configmap-ml-platform-settings.yaml")
    assert config["data"]["ENABLE_AUTO_RETRAINING"] == "false"


def test_no_secret_values_in_output(platform: SynthResult) -> None:
    """No Secret object, and no connection URL with a literal user or host: the only ones are the connection
    ExternalSecret's templates (``rediss://{{ .cache_user ...``), which External Secrets fills in the cluster."""
    literal_url = re.compile(rb"(postgres(ql)?|rediss?)://(?!\{\{)")
    for path, data in platform.tree.items():
        assert b"kind: Secret\n" not in data, path
        assert literal_url.search(data) is None, path


def test_second_synth_is_byte_identical(platform: SynthResult, repo: Path) -> None:
    assert synthesize(repo / "settings", terraform=False).tree == platform.tree


def test_manifest_lists_every_file_with_its_hash(platform: SynthResult) -> None:  # Kubernetes half here
    import hashlib
    import json

    manifest = json.loads(platform.tree["manifest.json"])
    assert (manifest["platform_version"], manifest["kubernetes_version"]) == ("1.4.2", "1.35")
    assert manifest["fleetform_version"] == "0.1.0"
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed == {p: hashlib.sha256(d).hexdigest() for p, d in platform.tree.items() if p != "manifest.json"}


def test_kubectl_kustomize_builds_every_cluster(platform: SynthResult, tmp_path: Path) -> None:
    for path, data in platform.tree.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    for cluster in CLUSTERS:
        out = subprocess.run(
            ["kubectl", "kustomize", str(tmp_path / "k8s" / cluster)], check=True, capture_output=True, text=True
        ).stdout
        built = list(yaml.safe_load_all(out))
        assert len(built) == len(_objects(platform, cluster)), cluster


def test_workload_identity_tokens_are_reachable_where_the_node_serves_them(platform: SynthResult) -> None:
    # GKE hands out Workload Identity tokens from the node's metadata server; EKS and AKS from the internet.
    for cluster in ("aws-production", "azure-production", "gcp-production"):
        names = {
            o["metadata"]["namespace"] + "/" + o["metadata"]["name"]
            for o in _objects(platform, cluster)
            if o["kind"] == "NetworkPolicy" and o["metadata"]["name"] == "allow-workload-identity"
        }
        expected = {
            "ml-production/allow-workload-identity",
            "velero/allow-workload-identity",
            "external-secrets/allow-workload-identity",
        }
        assert names == (expected if cluster.startswith("gcp") else set()), cluster
    velero = _find(platform, "k8s/gcp-production/controllers/velero/networkpolicy-allow-workload-identity.yaml")
    assert [r["to"][0]["ipBlock"]["cidr"] for r in velero["spec"]["egress"]] == [
        "169.254.169.254/32",
        "169.254.169.252/32",
    ]
