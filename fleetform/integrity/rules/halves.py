"""integrity-halves: the Kubernetes half and the Terraform half of a cluster name the same things.

Each pair is a small check of :mod:`fleetform.integrity.wiring`, listed in :data:`PAIRS`: workload
identities (IAM role / Google service account / federated credential and the ServiceAccount that uses it),
Velero's bucket, AWS target groups and their bindings and health checks, the Azure Application Gateway's
backend pools (static IPs) and Key Vault certificate, GCP's edge (Cloud Armor, global IP, certificate, SSL
policy, NEG names), External Secrets' stores and keys. It reads the tree it is given: run it on a fresh
synth (``tests/test_halves_agree.py``) as well as on the committed ``dist/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fleetform.integrity.model import Cluster, Problem
from fleetform.integrity.wiring import aws_edge, azure_edge, backups, gcp_edge, identity, secret_stores

ID = "integrity-halves"
SUMMARY = (
    "identities, buckets, target groups, backend pools, edge resources, NEGs and secret keys agree between the "
    "Kubernetes and the Terraform half"
)

Pair = Callable[[Cluster], Iterator[Problem]]
#: Every pair the rule checks.
PAIRS: tuple[Pair, ...] = (
    identity.aws_roles,
    identity.gcp_accounts,
    identity.azure_identities,
    backups.velero_buckets,
    aws_edge.target_groups,
    azure_edge.application_gateways,
    gcp_edge.edge,
    secret_stores.external_secrets,
)


def check(cluster: Cluster) -> Iterator[Problem]:
    if cluster.stack is None:
        return
    for pair in PAIRS:
        yield from pair(cluster)
