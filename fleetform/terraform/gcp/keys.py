"""Cloud KMS: a key ring per region with a rotated key, usable by the Google service agents that encrypt."""

from __future__ import annotations

from cdktn_provider_google.kms_crypto_key import KmsCryptoKey
from cdktn_provider_google.kms_crypto_key_iam_member import KmsCryptoKeyIamMember
from cdktn_provider_google.kms_key_ring import KmsKeyRing
from constructs import Construct

from fleetform.terraform.context import StackContext

ROTATION = "7776000s"  # 90 days
#: Service agents (service-<project number>@<domain>) that wrap data with the key.
AGENTS = (
    "gcp-sa-cloud-sql.iam.gserviceaccount.com",
    "gs-project-accounts.iam.gserviceaccount.com",
    "container-engine-robot.iam.gserviceaccount.com",
    "compute-system.iam.gserviceaccount.com",
    "cloud-redis.iam.gserviceaccount.com",
    "gcp-sa-managedkafka.iam.gserviceaccount.com",
    "serverless-robot-prod.iam.gserviceaccount.com",
)


def build_key(scope: Construct, ctx: StackContext, project_number: str, region: str, suffix: str = "") -> str:
    """Key ring ``<prefix>[-suffix]`` in ``region`` with key ``data``; returns the key id."""
    ring = KmsKeyRing(scope, f"keyring{suffix}", name=ctx.name(f"keys{suffix}"), location=region)
    key = KmsCryptoKey(
        scope,
        f"key{suffix}",
        name="data",
        key_ring=ring.id,
        rotation_period=ROTATION,
        purpose="ENCRYPT_DECRYPT",
        labels=ctx.labels,
        lifecycle={"prevent_destroy": True} if ctx.production_grade else None,
    )
    for i, domain in enumerate(AGENTS):
        KmsCryptoKeyIamMember(
            scope,
            f"key{suffix}-agent-{i}",
            crypto_key_id=key.id,
            role="roles/cloudkms.cryptoKeyEncrypterDecrypter",
            member=f"serviceAccount:service-{project_number}@{domain}",
        )
    return key.id
