"""Settings switch whole features: the mesh off, GPUs on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fleetform.synth import synthesize


def _load(tree: dict[str, bytes], path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load(tree[path])
    return obj


def test_without_the_mesh_the_public_load_balancer_reaches_the_api_service(settings_copy: Path) -> None:
    prod = settings_copy / "environments/production.yaml"
    prod.write_text(prod.read_text() + "mesh: false\ndelivery: {strategy: rolling}\n")
    tree = synthesize(settings_copy, terraform=False).tree
    service = _load(tree, "k8s/aws-production/apps/ml-production/service-api.yaml")
    assert (service["spec"]["type"], "annotations" in service["metadata"]) == ("ClusterIP", False)
    binding = _load(tree, "k8s/aws-production/configs/ml-production/targetgroupbinding-api.yaml")
    assert binding["spec"] == {
        "serviceRef": {"name": "api", "port": 80},
        "targetGroupName": "ml-platform-production-api",
        "targetType": "ip",
    }
    ingress = _load(tree, "k8s/aws-production/apps/ml-production/networkpolicy-allow-api-ingress.yaml")
    assert ingress["spec"]["ingress"][0]["from"][1:] == [{"ipBlock": {"cidr": "10.10.0.0/16"}}]
    azure = _load(tree, "k8s/azure-production/apps/ml-production/service-api.yaml")
    assert (azure["spec"]["type"], azure["metadata"]["annotations"]) == (
        "LoadBalancer",
        {
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.20.31.250",
        },
    )
    gcp = _load(tree, "k8s/gcp-production/apps/ml-production/service-api.yaml")
    assert (gcp["spec"]["type"], gcp["metadata"]["annotations"]) == (
        "ClusterIP",
        {"cloud.google.com/neg": '{"exposed_ports": {"80": {"name": "ml-platform-production-ingress"}}}'},
    )
    # Google's front ends connect from their own ranges, outside the VPC.
    gcp_ingress = _load(tree, "k8s/gcp-production/apps/ml-production/networkpolicy-allow-api-ingress.yaml")
    assert gcp_ingress["spec"]["ingress"][0]["from"][1:] == [
        {"ipBlock": {"cidr": "10.30.0.0/16"}},
        {"ipBlock": {"cidr": "35.191.0.0/16"}},
        {"ipBlock": {"cidr": "130.211.0.0/22"}},
    ]
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
