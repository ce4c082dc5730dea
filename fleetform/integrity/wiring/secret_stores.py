"""External Secrets: a secret store points at the stack's store (AWS region, Key Vault URL, GCP project), and
every key an ExternalSecret reads is a secret the stack creates there."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity.model import Cluster, Obj, Path, Problem, Stack, dig
from fleetform.integrity.world import Produced


def external_secrets(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack
    if stack is None:
        return
    for secret in cluster.of_kind("ExternalSecret"):
        ref = secret.spec.get("secretStoreRef") or {}
        kind = str(ref.get("kind") or "SecretStore")
        store = cluster.world.find(kind, secret.namespace if kind == "SecretStore" else "", str(ref.get("name") or ""))
        if store is None:
            continue  # integrity-refs reports the missing store
        for provider, config in (store.spec.get("provider") or {}).items():
            check = {"aws": _aws, "azurekv": _azure, "gcpsm": _gcp}.get(provider)
            if check is None or not isinstance(config, Mapping):
                continue
            known, problem = check(config, stack)
            if problem:
                message = f"{problem}, where the stack of {cluster.id} creates its secrets; expected the stack's"
                yield _store_problem(store, secret, ("spec", "provider", provider), message)
            for path, key in _keys(secret):
                if key not in known:
                    message = (
                        f"key {key} is no secret the stack of {cluster.id} creates for {store.ref} "
                        f"({', '.join(sorted(known)) or 'none'}); expected the name of one of them"
                    )
                    yield Problem(secret, message, path)


def _store_problem(store: Obj | Produced, secret: Obj, path: Path, message: str) -> Problem:
    subject = store if isinstance(store, Obj) else secret
    return Problem(subject, message, path if isinstance(store, Obj) else ())


def _keys(secret: Obj) -> Iterator[tuple[Path, str]]:
    for i, item in enumerate(secret.spec.get("data") or []):
        key = dig(item, "remoteRef", "key")
        if key:
            yield ("spec", "data", i, "remoteRef", "key"), str(key)
    for i, item in enumerate(secret.spec.get("dataFrom") or []):
        key = dig(item, "extract", "key")
        if key:
            yield ("spec", "dataFrom", i, "extract", "key"), str(key)


def _aws(config: Mapping[str, Any], stack: Stack) -> tuple[set[str], str]:
    names = {str(s.data.get("name")) for s in stack.of_type("aws_secretsmanager_secret") if s.data.get("name")}
    region = str(stack.provider("aws").get("region") or "")
    problem = f"region {config.get('region')} is not {region}" if config.get("region") != region else ""
    return names, problem


def _azure(config: Mapping[str, Any], stack: Stack) -> tuple[set[str], str]:
    url = str(config.get("vaultUrl") or "").rstrip("/")
    vaults = {f"https://{v.data.get('name')}.vault.azure.net": v for v in stack.of_type("azurerm_key_vault")}
    vault = vaults.get(url)
    if vault is None:
        return set(), f"vault {url} is not {' or '.join(sorted(vaults)) or 'a vault of the stack'}"
    names = {
        str(s.data.get("name"))
        for s in stack.of_type("azurerm_key_vault_secret")
        if vault in stack.referenced(s.data.get("key_vault_id"))
    }
    return names, ""


def _gcp(config: Mapping[str, Any], stack: Stack) -> tuple[set[str], str]:
    project = str(stack.provider("google").get("project") or "")
    names = {str(s.data.get("secret_id")) for s in stack.of_type("google_secret_manager_secret")}
    problem = f"project {config.get('projectID')} is not {project}" if config.get("projectID") != project else ""
    return names, problem
