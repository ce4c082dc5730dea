"""Velero's identity on each cloud: trusted by velero/velero-server alone; on AWS and GCP an identity of its
own, allowed only its backup bucket (the DR replica in production) and that bucket's key."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.terraform.helpers import resources

SUBJECT = "system:serviceaccount:velero:velero-server"
#: A Terraform interpolation (the OIDC issuer's host, with quotes inside), replaced before the JSON is read.
INTERPOLATION = re.compile(r"\$\{replace\(aws_eks_cluster\.eks\.identity\[0\]\.oidc\[0\]\.issuer, [^}]*\)\}")


def test_aws_velero_role_trusts_only_velero_and_reaches_only_its_bucket(stacks: dict[str, dict[str, Any]]) -> None:
    aws = stacks["aws-production"]
    role = resources(aws, "aws_iam_role")["backup-role"]
    assert role["name"] == "ml-platform-production-velero"
    trust = json.loads(INTERPOLATION.sub("ISSUER", role["assume_role_policy"]))["Statement"]
    assert [s["Condition"]["StringEquals"] for s in trust] == [
        {"ISSUER:aud": "sts.amazonaws.com", "ISSUER:sub": SUBJECT}
    ]
    policy = resources(aws, "aws_iam_role_policy")["backup-policy"]
    assert policy["role"] == "${aws_iam_role.backup-role.name}"
    assert json.loads(policy["policy"])["Statement"] == [
        {"Action": ["s3:ListBucket"], "Effect": "Allow", "Resource": ["${aws_s3_bucket.dr-bucket.arn}"]},
        {
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
            "Effect": "Allow",
            "Resource": ["${aws_s3_bucket.dr-bucket.arn}/velero/*"],
        },
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Effect": "Allow",
            "Resource": ["${aws_kms_key.kms-dr.arn}"],
        },
    ]


def test_gcp_velero_account_is_its_own_with_the_backup_bucket_only(stacks: dict[str, dict[str, Any]]) -> None:
    gcp = stacks["gcp-production"]
    assert resources(gcp, "google_service_account")["backup-sa"]["account_id"] == "mlplatformprodvelero"
    grants = {
        name: (grant["role"], grant["member"], grant["service_account_id"])
        for name, grant in resources(gcp, "google_service_account_iam_member").items()
        if name.startswith("backup-")
    }
    account = "${google_service_account.backup-sa.name}"
    assert grants == {
        "backup-federation": (
            "roles/iam.workloadIdentityUser",
            "serviceAccount:acme-ml-production.svc.id.goog[velero/velero-server]",
            account,
        ),
        "backup-sign": ("roles/iam.serviceAccountTokenCreator", "${google_service_account.backup-sa.member}", account),
    }
    bucket = resources(gcp, "google_storage_bucket_iam_member")["backup-objects"]
    assert (bucket["bucket"], bucket["role"], bucket["member"]) == (
        "${google_storage_bucket.dr-bucket.name}",
        "roles/storage.objectAdmin",
        "${google_service_account.backup-sa.member}",
    )


def test_azure_platform_identity_federates_velero(stacks: dict[str, dict[str, Any]]) -> None:
    credentials = resources(stacks["azure-dev"], "azurerm_federated_identity_credential")
    assert {name: (c["subject"], c["user_assigned_identity_id"]) for name, c in credentials.items()} == {
        "backup-federation": (SUBJECT, "${azurerm_user_assigned_identity.workload-identity.id}"),
        "workload-federation": (
            "system:serviceaccount:ml-dev:ml-platform",
            "${azurerm_user_assigned_identity.workload-identity.id}",
        ),
        "secret-store-federation": (
            "system:serviceaccount:external-secrets:secret-store",
            "${azurerm_user_assigned_identity.secret-store-identity.id}",
        ),
    }


def test_azure_identity_writes_blobs_with_entra_id_where_velero_and_the_workers_need_it(
    stacks: dict[str, dict[str, Any]],
) -> None:
    """The accounts take no account keys: without a data role neither Velero nor the workers reach a blob."""
    workload = "${azurerm_user_assigned_identity.workload-identity.principal_id}"
    for cluster, backups in (("azure-production", "${azurerm_storage_account.dr-storage.id}"), ("azure-dev", None)):
        roles = resources(stacks[cluster], "azurerm_role_assignment")
        granted = {
            name: (r["scope"], r["role_definition_name"]) for name, r in roles.items() if r["principal_id"] == workload
        }
        expected = {"models-blob-writer": ("${azurerm_storage_account.storage.id}", "Storage Blob Data Contributor")}
        if backups is not None:
            expected["backups-blob-writer"] = (backups, "Storage Blob Data Contributor")
        assert granted == expected, cluster
