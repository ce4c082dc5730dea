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


def _k8s(tree: Tree, cluster: str, path: str) -> dict[str, Any]:
    obj: dict[str, Any] = yaml.safe_load(tree[f"k8s/{cluster}/{path}"])
    return obj


GATEWAY_RELEASE = "controllers/istio-ingress/helmrelease-istio-ingressgateway.yaml"
PUBLIC_PORTS = "controllers/istio-ingress/networkpolicy-allow-public.yaml"


def _public_ports(tree: Tree, cluster: str) -> set[int]:
    """The ports the ingress gateway's namespace admits from anywhere (the load balancer's traffic and checks)."""
    rule = _k8s(tree, cluster, PUBLIC_PORTS)["spec"]["ingress"][0]
    return {port["port"] for port in rule["ports"]}


def _api_host(tree: Tree, cluster: str) -> str:
    env = cluster.split("-")[1]
    hosts: list[str] = _k8s(tree, cluster, f"apps/ml-{env}/virtualservice-api.yaml")["spec"]["hosts"]
    (host,) = hosts
    gateway = _k8s(tree, cluster, "configs/istio-ingress/gateway-api-gateway.yaml")
    assert {h for server in gateway["spec"]["servers"] for h in server["hosts"]} == {host}
    return host


@pytest.mark.parametrize("cluster", [c for c in CLUSTERS if c.startswith("aws-")])
def test_aws_target_group_binding_names_the_target_group_the_stack_creates(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    binding = _k8s(tree, cluster, "configs/istio-ingress/targetgroupbinding-istio-ingressgateway.yaml")
    release = _k8s(tree, cluster, GATEWAY_RELEASE)
    group = stack["resource"]["aws_lb_target_group"]["alb-api"]
    assert binding["spec"]["targetGroupName"] == group["name"]
    assert (binding["spec"]["serviceRef"]["name"], binding["metadata"]["namespace"]) == (
        release["metadata"]["name"],
        release["metadata"]["namespace"],
    )
    assert release["spec"]["values"]["service"]["type"] == "ClusterIP"
    health = int(group["health_check"]["port"])
    assert {binding["spec"]["serviceRef"]["port"], health} <= _public_ports(tree, cluster)
    rules = stack["resource"]["aws_vpc_security_group_ingress_rule"]
    assert {rules[f"sg-nodes-from-alb-{kind}"]["from_port"] for kind in ("traffic", "health")} == {
        binding["spec"]["serviceRef"]["port"],
        health,
    }
    assert stack["resource"]["aws_acm_certificate"]["api-cert"]["domain_name"] == _api_host(tree, cluster)


@pytest.mark.parametrize("cluster", [c for c in CLUSTERS if c.startswith("aws-")])
def test_aws_load_balancer_controller_uses_the_role_cluster_and_vpc_the_stack_creates(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    ns = "aws-load-balancer-controller"
    values = _k8s(tree, cluster, f"controllers/{ns}/helmrelease-{ns}.yaml")["spec"]["values"]
    resource = stack["resource"]
    role = resource["aws_iam_role"]["lb-controller-role"]
    account = stack["provider"]["aws"][0]["allowed_account_ids"][0]
    account_sa = values["serviceAccount"]
    assert account_sa["annotations"]["eks.amazonaws.com/role-arn"] == f"arn:aws:iam::{account}:role/{role['name']}"
    assert f'"system:serviceaccount:{ns}:{account_sa["name"]}"' in role["assume_role_policy"]
    assert values["clusterName"] == resource["aws_eks_cluster"]["eks"]["name"]
    assert values["vpcTags"] == {"Name": resource["aws_vpc"]["vpc"]["tags"]["Name"]}
    assert values["region"] == stack["provider"]["aws"][0]["region"]


@pytest.mark.parametrize("cluster", [c for c in CLUSTERS if c.startswith("azure-")])
def test_azure_backend_pool_is_the_gateway_internal_load_balancer_address(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    gateway = stack["resource"]["azurerm_application_gateway"]["appgw"]
    service = _k8s(tree, cluster, GATEWAY_RELEASE)["spec"]["values"]["service"]
    assert service["type"] == "LoadBalancer"
    (pool,) = gateway["backend_address_pool"]
    assert pool["ip_addresses"] == [service["annotations"]["service.beta.kubernetes.io/azure-load-balancer-ipv4"]]
    assert service["annotations"]["service.beta.kubernetes.io/azure-load-balancer-internal"] == "true"
    ((settings,), (probe,)) = gateway["backend_http_settings"], gateway["probe"]
    assert {settings["port"], probe["port"]} <= _public_ports(tree, cluster)
    host = _api_host(tree, cluster)
    assert {listener["host_name"] for listener in gateway["http_listener"]} == {host}
    policy = stack["resource"]["azurerm_key_vault_certificate"]["api-cert"]["certificate_policy"]
    assert policy["x509_certificate_properties"]["subject_alternative_names"] == {"dns_names": [host]}


@pytest.mark.parametrize("cluster", [c for c in CLUSTERS if c.startswith("gcp-")])
def test_gcp_backend_service_looks_up_the_negs_the_gateway_service_names(tree: Tree, cluster: str) -> None:
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    service = _k8s(tree, cluster, GATEWAY_RELEASE)["spec"]["values"]["service"]
    assert service["type"] == "ClusterIP"
    ((port, neg),) = json.loads(service["annotations"]["cloud.google.com/neg"])["exposed_ports"].items()
    lookups = stack["data"]["google_compute_network_endpoint_groups"].values()
    assert {lookup["filter"] for lookup in lookups} == {f'name = "{neg["name"]}"'}
    check = stack["resource"]["google_compute_health_check"]["ingress-health"]["http_health_check"]
    assert {int(port), check["port"]} <= _public_ports(tree, cluster)
    (allow,) = stack["resource"]["google_compute_firewall"]["allow-load-balancer"]["allow"]
    assert sorted(allow["ports"]) == sorted([port, str(check["port"])])
    managed = stack["resource"]["google_compute_managed_ssl_certificate"]["api-cert"]["managed"]
    assert managed == {"domains": [_api_host(tree, cluster)]}
