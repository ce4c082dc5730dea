"""Velero's BackupStorageLocations write to a bucket the stack creates, where the stack creates it (AWS: the
bucket's region; Azure: the storage account, its container, resource group and subscription)."""

from __future__ import annotations

from collections.abc import Iterator

from fleetform.integrity.model import Cluster, Obj, Problem, Stack


def velero_buckets(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack
    if stack is None:
        return
    for location in cluster.of_kind("BackupStorageLocation"):
        provider = str(location.spec.get("provider") or "").rpartition("/")[2]
        check = {"aws": _aws, "gcp": _gcp, "azure": _azure}.get(provider)
        if check is not None:
            for path, message in check(location, stack):
                yield Problem(location, f"{message} (the stack of {cluster.id}); expected what the stack creates", path)


def _bucket(location: Obj) -> str:
    return str((location.spec.get("objectStorage") or {}).get("bucket") or "")


def _aws(location: Obj, stack: Stack) -> Iterator[tuple[tuple[str, ...], str]]:
    buckets = {str(b.data.get("bucket")): b for b in stack.of_type("aws_s3_bucket")}
    bucket = buckets.get(_bucket(location))
    if bucket is None:
        yield (
            ("spec", "objectStorage", "bucket"),
            f"bucket {_bucket(location)} is none of the S3 buckets ({', '.join(sorted(buckets))})",
        )
        return
    region = str(bucket.data.get("region") or stack.provider("aws").get("region") or "")
    given = str((location.spec.get("config") or {}).get("region") or "")
    if given != region:
        yield (
            ("spec", "config", "region"),
            f"region {given or '(unset)'} is not {region}, where bucket {_bucket(location)} is",
        )


def _gcp(location: Obj, stack: Stack) -> Iterator[tuple[tuple[str, ...], str]]:
    buckets = sorted(str(b.data.get("name")) for b in stack.of_type("google_storage_bucket"))
    if _bucket(location) not in buckets:
        yield (
            ("spec", "objectStorage", "bucket"),
            f"bucket {_bucket(location)} is none of the storage buckets ({', '.join(buckets)})",
        )


def _azure(location: Obj, stack: Stack) -> Iterator[tuple[tuple[str, ...], str]]:
    config = location.spec.get("config") or {}
    accounts = {str(a.data.get("name")): a for a in stack.of_type("azurerm_storage_account")}
    account = accounts.get(str(config.get("storageAccount") or ""))
    if account is None:
        names = ", ".join(sorted(accounts))
        yield (
            ("spec", "config", "storageAccount"),
            f"storage account {config.get('storageAccount')} is none of the accounts ({names})",
        )
        return
    containers = [
        str(c.data.get("name"))
        for c in stack.of_type("azurerm_storage_container")
        if account in stack.referenced(c.data.get("storage_account_id") or "")
        or c.data.get("storage_account_name") == account.data.get("name")
    ]
    if _bucket(location) not in containers:
        yield (
            ("spec", "objectStorage", "bucket"),
            f"container {_bucket(location)} is none of the containers of {account.data.get('name')} "
            f"({', '.join(containers)})",
        )
    group = stack.resolve(account.data.get("resource_group_name"))
    if group is not None and config.get("resourceGroup") != group:
        yield (
            ("spec", "config", "resourceGroup"),
            f"resource group {config.get('resourceGroup')} is not {group}, where {account.data.get('name')} is",
        )
    subscription = stack.provider("azurerm").get("subscription_id")
    if subscription and config.get("subscriptionId") != subscription:
        yield ("spec", "config", "subscriptionId"), f"subscription {config.get('subscriptionId')} is not {subscription}"
