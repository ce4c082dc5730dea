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
    """Each entry the stack creates, by name: the properties of its JSON value, ``None`` for a plain value."""
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
            if properties is not None:
                properties.append(ref["property"])
    assert read == {name: sorted(props) if props is not None else None for name, props in created.items()}
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
