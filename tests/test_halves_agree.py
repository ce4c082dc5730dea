"""The Kubernetes and Terraform halves of a fresh synth (the pipeline's in-memory tree, not the committed
dist/) name the same cloud resources: the integrity gate, given that tree, finds what it finds in the
committed dist/ (the known, waived defects) and nothing else; its cross-half rule catches a Velero bucket or
a workload identity that the stack does not create."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.integrity.api import check_paths, check_tree
from fleetform.integrity.rules import halves
from fleetform.render.tree import Tree
from fleetform.synth import synthesize

TODAY = dt.date(2026, 11, 30)
#: The IAM roles of aws-dev's stack, in the stack's order (the cross-half rule lists them in its message).
AWS_DEV_ROLES = (
    "ml-platform-dev-velero, ml-platform-dev-ebs-csi, ml-platform-dev-eks-cluster, ml-platform-dev-flow-logs, "
    "ml-platform-dev-karpenter, ml-platform-dev-lb-controller, ml-platform-dev-eks-node, "
    "ml-platform-dev-secret-store, ml-platform-dev-workload"
)
CLUSTERS = [f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")]
NO_WAIVERS = Path(__file__).resolve().parent / "integrity" / "fixtures" / "no-waivers.yaml"
#: (cluster, object) the cross-half rule reports on today's platform: nothing (every name one half hands the
#: other is created by it).
KNOWN: set[tuple[str, str]] = set()


@pytest.fixture(scope="module")
def tree(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Tree:
    """Every file of a full synth (both halves), in memory: an empty output folder, so nothing is reused."""
    return synthesize(repo / "settings", out=tmp_path_factory.mktemp("fresh") / "dist", exact=True).tree


def test_the_gate_finds_in_a_fresh_synth_what_it_finds_in_the_committed_dist(
    tree: Tree, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = check_tree(tree, today=TODAY)
    monkeypatch.chdir(repo)
    committed = check_paths([Path("dist")], today=TODAY)
    assert ([f.text for f in fresh.findings], [p.text for p in fresh.waiver_problems]) == ([], [])
    assert [(w.finding.text, w.waiver) for w in fresh.waived] == [(w.finding.text, w.waiver) for w in committed.waived]


def test_the_halves_agree_but_for_the_known_defects(tree: Tree) -> None:
    report = check_tree(tree, waivers=NO_WAIVERS, today=TODAY, rules=[halves])
    assert {(Path(f.file).parts[2], f.object) for f in report.findings} == KNOWN


@pytest.mark.parametrize(
    ("file", "old", "new", "finding"),
    [
        (
            "k8s/aws-production/configs/velero/backupstoragelocation-default.yaml",
            b"bucket: ml-platform-production-dr-333333333333",
            b"bucket: ml-platform-production-backups",
            "dist/k8s/aws-production/configs/velero/backupstoragelocation-default.yaml:15: velero.io/v1 "
            "BackupStorageLocation velero/default: [integrity-halves] spec.objectStorage.bucket: bucket "
            "ml-platform-production-backups is none of the S3 buckets "
            "(ml-platform-production-access-logs-333333333333, ml-platform-production-dr-333333333333, "
            "ml-platform-production-dr-access-logs-333333333333, ml-platform-production-models-333333333333) "
            "(the stack of aws-production); expected what the stack creates",
        ),
        (
            "k8s/aws-dev/apps/ml-dev/serviceaccount-ml-platform.yaml",
            b"role/ml-platform-dev-workload",
            b"role/ml-platform-dev-serving",
            "dist/k8s/aws-dev/apps/ml-dev/serviceaccount-ml-platform.yaml:5: v1 ServiceAccount ml-dev/ml-platform: "
            "[integrity-halves] metadata.annotations.eks.amazonaws.com/role-arn: role ml-platform-dev-serving is not "
            f"created by the stack of aws-dev (its roles: {AWS_DEV_ROLES}); expected the ARN of one of them",
        ),
        (  # Velero on the platform's role (before it had its own): that role trusts only the platform
            "k8s/aws-dev/controllers/velero/helmrelease-velero.yaml",
            b"role/ml-platform-dev-velero",
            b"role/ml-platform-dev-workload",
            "dist/k8s/aws-dev/controllers/velero/helmrelease-velero.yaml:44: helm.toolkit.fluxcd.io/v2 HelmRelease "
            "velero/velero: [integrity-halves] spec.values.serviceAccount.server.annotations.eks.amazonaws.com/"
            "role-arn: role ml-platform-dev-workload does not trust system:serviceaccount:velero:velero-server (its "
            "trust policy allows system:serviceaccount:ml-dev:ml-platform); expected the subject in the role's "
            "assume_role_policy, or a role of its own",
        ),
        (
            "k8s/gcp-staging/apps/ml-staging/serviceaccount-ml-platform.yaml",
            b"ml-platform-workload@acme-ml-staging",
            b"ml-platform-serving@acme-ml-staging",
            "dist/k8s/gcp-staging/apps/ml-staging/serviceaccount-ml-platform.yaml:5: v1 ServiceAccount "
            "ml-staging/ml-platform: [integrity-halves] metadata.annotations.iam.gke.io/gcp-service-account: Google "
            "service account ml-platform-serving@acme-ml-staging.iam.gserviceaccount.com is not created by the stack "
            "of gcp-staging; expected a google_service_account of it",
        ),
    ],
)
def test_the_cross_half_rule_catches_a_name_the_stack_does_not_create(
    tree: Tree, file: str, old: bytes, new: bytes, finding: str
) -> None:
    assert old in tree[file]
    changed = {**tree, file: tree[file].replace(old, new)}
    report = check_tree(changed, waivers=NO_WAIVERS, today=TODAY, rules=[halves])
    assert [f.text for f in report.findings if (Path(f.file).parts[2], f.object) not in KNOWN] == [finding]


#: Per cloud: the secret store entries (type, name argument) and the versions holding their values (type,
#: reference argument to the entry, value argument).
ENTRIES = {
    "aws": (("aws_secretsmanager_secret", "name"), ("aws_secretsmanager_secret_version", "secret_id", "secret_string")),
    "azure": (("azurerm_key_vault_secret", "name"), ("azurerm_key_vault_secret", "", "value")),
    "gcp": (
        ("google_secret_manager_secret", "secret_id"),
        ("google_secret_manager_secret_version", "secret", "secret_data"),
    ),
}
ESO = "controllers/external-secrets"


def _entries(stack: dict[str, Any], cloud: str) -> dict[str, list[str] | None]:
    """Each entry the stack creates, by name: the properties of its JSON value (built by ``jsonencode`` or a
    literal JSON placeholder), ``None`` for a plain value."""
    (entry_type, name_arg), (value_type, ref_arg, value_arg) = ENTRIES[cloud]
    out: dict[str, list[str] | None] = {}
    for key, entry in stack["resource"][entry_type].items():
        if ref_arg:
            (value,) = [
                v[value_arg]
                for v in stack["resource"][value_type].values()
                if v[ref_arg] == f"${{{entry_type}.{key}.id}}"
            ]
        else:
            value = entry[value_arg]
        properties = re.findall(r'"(\w+)" = ', value) if value.startswith("${jsonencode(") else None
        if value.startswith("{"):
            properties = list(json.loads(value))
        out[entry[name_arg]] = properties
    return out


def _read(tree: Tree, path: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(tree[path])
    return document


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_external_secrets_read_exactly_the_entries_the_stack_creates(tree: Tree, cluster: str) -> None:
    cloud, env = cluster.split("-")
    created = _entries(json.loads(tree[f"terraform/{cluster}/cdk.tf.json"]), cloud)
    read: dict[str, list[str] | None] = {}
    for path in sorted(p for p in tree if p.startswith(f"k8s/{cluster}/configs/") and "/externalsecret-" in p):
        for item in _read(tree, path)["spec"]["data"]:
            ref = item["remoteRef"]
            properties = read.setdefault(ref["key"], [] if "property" in ref else None)
            if properties is not None and ref["property"] not in properties:  # one entry, several namespaces
                properties.append(ref["property"])
    assert {k: sorted(v) if v is not None else None for k, v in read.items()} == {
        name: sorted(props) if props is not None else None for name, props in created.items()
    }
    receivers = {name.rsplit("-", 1)[1] for name, props in created.items() if props is None}
    assert receivers == ({"chat", "pager"} if env == "production" else {"chat"} if env == "staging" else set())


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_the_store_reads_as_the_identity_the_stack_grants(tree: Tree, cluster: str) -> None:
    cloud = cluster.split("-")[0]
    stack = json.loads(tree[f"terraform/{cluster}/cdk.tf.json"])
    account = _read(tree, f"k8s/{cluster}/{ESO}/serviceaccount-secret-store.yaml")
    store = _read(tree, f"k8s/{cluster}/configs/clustersecretstore-cloud-secrets.yaml")["spec"]["provider"]
    (provider,) = store.values()
    auth = provider.get("auth", {})
    (reader,) = [
        place["serviceAccountRef"]
        for place in (provider, auth.get("jwt", {}), auth.get("workloadIdentity", {}))
        if "serviceAccountRef" in place
    ]
    assert reader == {"name": account["metadata"]["name"], "namespace": account["metadata"]["namespace"]}
    subject = f"system:serviceaccount:{reader['namespace']}:{reader['name']}"
    annotations = account["metadata"]["annotations"]
    if cloud == "aws":
        role = stack["resource"]["aws_iam_role"]["secret-store-role"]
        assert annotations["eks.amazonaws.com/role-arn"] == f"arn:aws:iam::{_account(stack)}:role/{role['name']}"
        assert f':sub\\": \\"{subject}\\"' in json.dumps(role["assume_role_policy"])
        assert provider["region"] == stack["provider"]["aws"][0]["region"]
    elif cloud == "azure":
        federation = stack["resource"]["azurerm_federated_identity_credential"]["secret-store-federation"]
        assert federation["subject"] == subject
        # The client id is known only after apply: the settings carry it (README: two-phase).
        assert stack["output"]["secret_store_identity"]["value"] == (
            "${azurerm_user_assigned_identity.secret-store-identity.client_id}"
        )
        vault = stack["resource"]["azurerm_key_vault"]["kv"]["name"]
        assert provider["vaultUrl"] == f"https://{vault}.vault.azure.net"
    else:
        sa = stack["resource"]["google_service_account"]["secret-store-sa"]
        project = stack["provider"]["google"][0]["project"]
        assert annotations["iam.gke.io/gcp-service-account"] == f"{sa['account_id']}@{project}.iam.gserviceaccount.com"
        binding = stack["resource"]["google_service_account_iam_member"]["secret-store-federation"]
        assert binding["member"] == f"serviceAccount:{project}.svc.id.goog[{reader['namespace']}/{reader['name']}]"
        gke = stack["resource"]["google_container_cluster"]["gke"]
        identity = provider["auth"]["workloadIdentity"]
        assert (identity["clusterName"], identity["clusterLocation"], provider["projectID"]) == (
            gke["name"],
            gke["location"],
            project,
        )


def _account(stack: dict[str, Any]) -> str:
    (account,) = stack["provider"]["aws"][0]["allowed_account_ids"]
    return str(account)


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
    """The API's public name: its VirtualService's host, or under progressive delivery the host of the Canary's
    ``service`` block, from which Flagger makes the VirtualService."""
    env = cluster.split("-")[1]
    route = f"apps/ml-{env}/virtualservice-api.yaml"
    spec = _k8s(tree, cluster, route)["spec"] if f"k8s/{cluster}/{route}" in tree else None
    hosts: list[str] = (
        spec["hosts"] if spec else _k8s(tree, cluster, f"apps/ml-{env}/canary-api.yaml")["spec"]["service"]["hosts"]
    )
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
