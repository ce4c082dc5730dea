"""How Secrets reach a cluster: External Secrets Operator (chart values), the ClusterSecretStore's reader,
and the connection Secret, composed by a template from the store's connection entry.

Request to Secret, on every cloud: the Terraform stack writes the connection entry (named by
:func:`fleetform.clouds.secrets.connection_entry`) from its resources' attributes; the ClusterSecretStore
reads the store as the ServiceAccount :data:`~fleetform.clouds.secrets.STORE_READER`, bound to the cloud
identity the stack grants read access to exactly the platform's entries; the ExternalSecret of the platform
namespace turns the entry's properties into the Secret the pods' ``secretKeyRef`` env vars name.
"""

from __future__ import annotations

from typing import Any

from fleetform.clouds.secrets import CONNECTION_PROPERTIES, STORE_READER, connection_entry
from fleetform.k8s.constructs.external_secrets import RemoteValue
from fleetform.k8s.names import EXTERNAL_SECRETS_NS
from fleetform.k8s.pod import SECRET_ENV
from fleetform.settings import Cluster

#: The Helm repository of External Secrets Operator's chart.
REPOSITORY = ("external-secrets", "https://charts.external-secrets.io")
#: The operator's admission webhook port (chart value ``webhook.port``): the API server calls it.
WEBHOOK_PORT = 10250

#: Each env var of the connection Secret as a Go template over the connection entry's properties. The
#: platform signs in with IAM / Entra tokens where the cloud offers them, so the URLs carry a user and no
#: password; ``cache_password`` is set only where Redis has nothing but an AUTH string (Memorystore).
#: PostgreSQL and Redis are TLS only (``sslmode=require``, ``rediss://``).
URL_TEMPLATES = {
    "DATABASE_URL": (
        "postgresql://{{ .database_user | urlquery }}@{{ .database_host }}:{{ .database_port }}"
        "/{{ .database_name }}?sslmode=require"
    ),
    "REDIS_URL": (
        "rediss://{{ .cache_user | urlquery }}{{ with .cache_password }}:{{ . | urlquery }}{{ end }}"
        "@{{ .cache_host }}:{{ .cache_port }}"
    ),
    "KAFKA_BOOTSTRAP_SERVERS": "{{ .broker_bootstrap }}",
}


def store_reader() -> dict[str, str]:
    """The ServiceAccount the ClusterSecretStore authenticates as (``serviceAccountRef``)."""
    return {"name": STORE_READER, "namespace": EXTERNAL_SECRETS_NS}


def connection_data(cluster: Cluster) -> dict[str, RemoteValue]:
    """Every property of the cluster's connection entry, under its own name."""
    entry = connection_entry(cluster.site)
    return {prop: RemoteValue(entry, prop) for prop in CONNECTION_PROPERTIES}


def connection_template() -> dict[str, str]:
    """The connection Secret's keys (those the pods' env vars read) and their templates."""
    return {SECRET_ENV[var]: template for var, template in URL_TEMPLATES.items()}


def operator_values(cluster: Cluster) -> dict[str, Any]:
    """Chart values: two replicas of the controller (leader-elected) and of the webhook, each with a
    disruption budget, since ExternalSecrets are neither refreshed nor admitted while they are down; the
    cloud's workload-identity pod labels; no PushSecret processing (the platform only reads the store)."""
    return {
        "installCRDs": True,
        "replicaCount": 2,
        "leaderElect": True,
        "podDisruptionBudget": {"enabled": True},
        "webhook": {"replicaCount": 2, "podDisruptionBudget": {"enabled": True}},
        "podLabels": cluster.cloud.pod_labels(),
        "processPushSecret": False,
        "processClusterPushSecret": False,
    }
