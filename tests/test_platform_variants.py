"""Settings switch whole features: the mesh off, GPUs on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fleetform.synth import synthesize


def _load(tree: dict[str, bytes], path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load(tree[path])
    return obj


def test_without_the_mesh_the_api_gets_its_own_internal_load_balancer(settings_copy: Path) -> None:
    prod = settings_copy / "environments/production.yaml"
    prod.write_text(prod.read_text() + "mesh: false\n")
    tree = synthesize(settings_copy, terraform=False).tree
    service = _load(tree, "k8s/aws-production/apps/ml-production/service-api.yaml")
    assert service["spec"]["type"] == "LoadBalancer"
    assert service["metadata"]["annotations"]["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal"
    ingress = _load(tree, "k8s/aws-production/apps/ml-production/networkpolicy-allow-api-ingress.yaml")
    assert ingress["spec"]["ingress"][0]["from"][1] == {"ipBlock": {"cidr": "10.10.0.0/16"}}
    production = [p for p in tree if p.startswith("k8s/aws-production/")]
    mesh_objects = (
        "/istio-system/",
        "/istio-ingress/",
        "virtualservice-",
        "peerauthentication-",
        "gateway-",
        "helmrepository-istio",
    )
    assert [p for p in production if any(m in p for m in mesh_objects)] == []
    assert "k8s/aws-staging/controllers/istio-system/helmrelease-istiod.yaml" in tree


def test_gpu_acceleration_schedules_workers_on_the_cloud_gpu_pool(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(staging.read_text() + "gpu:\n  enabled: true\n  count: 2\n")
    tree = synthesize(settings_copy, terraform=False).tree
    pod = _load(tree, "k8s/gcp-staging/apps/ml-staging/deployment-model-worker.yaml")["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    assert pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "2"
    assert pod["tolerations"] == [{"effect": "NoSchedule", "key": "nvidia.com/gpu", "operator": "Exists"}]
    config = _load(tree, "k8s/gcp-staging/apps/ml-staging/configmap-ml-platform-settings.yaml")
    assert config["data"]["ENABLE_GPU_ACCELERATION"] == "true"
    api = _load(tree, "k8s/gcp-staging/apps/ml-staging/deployment-api.yaml")["spec"]["template"]["spec"]
    assert "nodeSelector" not in api
