"""Where Velero writes backups: object storage the Terraform stack creates, named here once so that the
Kubernetes side (Velero's BackupStorageLocation) and the stack (its buckets, the ``backup_bucket`` output)
agree. With disaster recovery on, backups go to the DR region's replica; otherwise to the model bucket;
always under the ``velero/`` prefix, apart from the models. No cdktn import: the Kubernetes side uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.errors import UserError
from fleetform.settings import Cluster
from fleetform.terraform.context import StackContext

PREFIX = "velero"
AZURE_CONTAINER = "models"


@dataclass(frozen=True)
class BackupTarget:
    """Velero's ``objectStorage.bucket`` (the Azure blob container) and its provider plugin ``config``."""

    bucket: str
    config: dict[str, str]


def model_bucket(ctx: StackContext) -> str:
    """The model bucket (AWS, GCP) or storage account (Azure) of the primary region."""
    return ctx.compact_name("models") if ctx.cluster.cloud.name == "azure" else ctx.name(f"models-{ctx.account}")


def dr_bucket(ctx: StackContext) -> str:
    """Its replica in the DR region."""
    return ctx.compact_name("drmodels") if ctx.cluster.cloud.name == "azure" else ctx.name(f"dr-{ctx.account}")


def backup_target(ctx: StackContext) -> BackupTarget:
    dr = ctx.env.disaster_recovery
    store = dr_bucket(ctx) if dr else model_bucket(ctx)
    cloud = ctx.cluster.cloud.name
    if cloud == "aws":
        return BackupTarget(store, {"region": ctx.dr_region if dr else ctx.region})
    if cloud == "azure":
        group = ctx.name("dr") if dr else ctx.prefix
        return BackupTarget(
            AZURE_CONTAINER, {"resourceGroup": group, "storageAccount": store, "subscriptionId": ctx.account}
        )
    return BackupTarget(store, {})


def cluster_backup_target(cluster: Cluster) -> BackupTarget:
    """:func:`backup_target` for a cluster (its cloud settings must have their ``infra:`` key)."""
    infra = cluster.cloud_settings.infra
    if infra is None:
        raise UserError(
            f"settings/clouds/{cluster.cloud.name}.yaml: infra: missing key 'infra'; expected an "
            "'infra:' mapping with 'state' and 'machines' (fleetform/settings/infra.py)"
        )
    return backup_target(StackContext(cluster=cluster, infra=infra, env=cluster.env.infra))
