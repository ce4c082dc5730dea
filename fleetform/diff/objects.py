"""Files of ``dist/`` as identified objects: a Kubernetes document is ``<apiVersion> <kind>
[<namespace>/]<name>``, a Terraform block of ``cdk.tf.json`` its address. The cluster is the folder below
``k8s/`` or ``terraform/``; files elsewhere (``manifest.json``) hold no cluster's objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetform.diff.model import K8S, TERRAFORM
from fleetform.documents import DocumentError, decode, read_documents
from fleetform.errors import located
from fleetform.parse_cache import ParseCache

#: The parse cache's name for a file's documents as ``fleetform diff`` reads them (plain data, in order).
CACHE_KIND = "diff-documents"

#: Terraform blocks addressed ``<block>.<type>.<name>`` (``resource`` without its prefix, as Terraform
#: writes it); the other top-level blocks are ``<block>.<name>``, and ``terraform`` is one block.
TYPED_BLOCKS = ("resource", "data")


@dataclass(frozen=True)
class Item:
    """One object of one side: ``kind`` is the Kubernetes kind or the Terraform type (``output``,
    ``provider``... for untyped blocks), ``name`` its name, ``block`` the Terraform block (``resource``,
    ``data``...; empty for Kubernetes)."""

    cluster: str
    layer: str
    identity: str
    kind: str
    name: str
    block: str
    file: str
    data: Any


def cluster_of(path: str) -> tuple[str, str] | None:
    """``(layer, cluster)`` of a path relative to the dist folder, or ``None`` outside any cluster."""
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] in (K8S, TERRAFORM):
        return parts[0], parts[1]
    return None


def items(file: str, rel: str, raw: bytes, side: str, cache: ParseCache | None) -> list[Item]:
    """The objects of ``file`` (``rel``: its path inside the dist folder); ``side`` names the side in
    errors (``at 1a2b3c4d5e6f``, ``working tree``). Parses are kept in ``cache`` (keyed by the bytes)."""
    where = cluster_of(rel)
    if where is None:
        return []
    layer, cluster = where

    def parse() -> list[Any]:
        return [doc.data for doc in read_documents(file, decode(raw))]

    try:
        docs = parse() if cache is None else cache.cached(CACHE_KIND, raw, parse)
    except DocumentError as err:
        raise located(file, err.line, side, err.problem, "a file fleetform synth wrote") from None
    if layer == TERRAFORM:
        return [item for doc in docs if isinstance(doc, dict) for item in _terraform(cluster, file, doc)]
    inside = rel.split("/", 2)[2]
    return [_kubernetes(cluster, file, inside, doc) for doc in docs if isinstance(doc, dict)]


def _kubernetes(cluster: str, file: str, inside: str, doc: dict[str, Any]) -> Item:
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    api, kind = str(doc.get("apiVersion", "")), str(doc.get("kind", ""))
    name = meta.get("name") if isinstance(meta, dict) else None
    namespace = meta.get("namespace") if isinstance(meta, dict) else None
    if not isinstance(name, str):  # kustomize's kustomization.yaml has no name: its path in the cluster is one
        return Item(cluster, K8S, f"{api} {kind} {inside}", kind, inside, "", file, doc)
    scoped = f"{namespace}/{name}" if isinstance(namespace, str) else name
    return Item(cluster, K8S, f"{api} {kind} {scoped}", kind, name, "", file, doc)


def _terraform(cluster: str, file: str, doc: dict[str, Any]) -> list[Item]:
    out: list[Item] = []
    for block, body in doc.items():
        if block == "//":  # CDK Terrain's metadata (construct paths, versions): not infrastructure
            continue
        if block in TYPED_BLOCKS and isinstance(body, dict):
            prefix = "" if block == "resource" else f"{block}."
            for rtype, named in sorted(body.items()):
                for name, value in sorted(named.items()) if isinstance(named, dict) else []:
                    out.append(Item(cluster, TERRAFORM, f"{prefix}{rtype}.{name}", rtype, name, block, file, value))
        elif isinstance(body, dict) and block != "terraform":
            for name, value in sorted(body.items()):
                out.append(Item(cluster, TERRAFORM, f"{block}.{name}", block, name, block, file, value))
        else:  # the terraform block (backend, required providers), or anything else: one object
            out.append(Item(cluster, TERRAFORM, block, block, block, block, file, body))
    return out
