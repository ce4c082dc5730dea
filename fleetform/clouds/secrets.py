"""The platform's entries in its cloud's secret store, named here once for both halves.

The Terraform stack creates the entries (AWS Secrets Manager secrets, Azure Key Vault secrets, GCP Secret
Manager secrets) and grants the secret store's identity read access to exactly them; External Secrets
Operator reads them as the ServiceAccount :data:`STORE_READER` of its namespace and writes the Kubernetes
Secrets the platform's pods and Alertmanager use. Names are letters, digits and ``-`` only: the one
alphabet all three stores accept (Key Vault secret names allow nothing else).
"""

from __future__ import annotations

from fleetform.clouds.base import Site

#: The ServiceAccount in External Secrets Operator's namespace whose cloud identity reads the store: the
#: Terraform stack federates that identity with exactly this ServiceAccount.
STORE_READER = "secret-store"

#: Properties of the connection entry (one JSON object), filled by the stack from its resources' attributes:
#: the PostgreSQL, Redis and Kafka endpoints, and the names the platform signs in as. Where the cloud offers
#: IAM authentication (RDS, ElastiCache, MSK; Entra ID; Cloud SQL, Managed Kafka) there is no password, and
#: ``cache_password`` is empty; Memorystore for Redis has only its AUTH string.
CONNECTION_PROPERTIES = (
    "database_host",
    "database_port",
    "database_name",
    "database_user",
    "cache_host",
    "cache_port",
    "cache_user",
    "cache_password",
    "broker_bootstrap",
)

#: The value a receiver entry holds until the operator writes the real endpoint out of band: the stack
#: creates the entry and never overwrites its value (an alert endpoint URL or routing key is a credential
#: itself, so it is in neither the settings nor the stack). Not a URL: Alertmanager fails to notify, and says so.
RECEIVER_PLACEHOLDER = "unset: write the receiver endpoint into this secret out of band"
#: The properties of the Elasticsearch credentials entry (one JSON object) that traces and logs are shipped with.
ELASTICSEARCH_PROPERTIES = ("username", "password")
#: The value the Elasticsearch credentials entry holds until the operator writes the real credentials out of
#: band (the stack never overwrites them): an empty password, which Elasticsearch refuses and the shippers log.
ELASTICSEARCH_PLACEHOLDER = (
    '{"username": "unset: write the Elasticsearch credentials into this secret out of band", "password": ""}'
)
#: Values the stack writes once and never again (``ignore_changes``): the operator owns them.
PLACEHOLDERS = (RECEIVER_PLACEHOLDER, ELASTICSEARCH_PLACEHOLDER)


def connection_entry(site: Site) -> str:
    """The entry holding the platform's connection details, e.g. ``ml-platform-production-connections``."""
    return site.name("connections")


def receiver_entry(site: Site, receiver: str) -> str:
    """The entry holding an alert receiver's endpoint, e.g. ``ml-platform-production-alerts-pager``."""
    return site.name(f"alerts-{receiver}")


def elasticsearch_entry(site: Site, name: str) -> str:
    """The entry holding the Elasticsearch credentials (``name``: the ``logging.credentials`` setting), e.g.
    ``ml-platform-production-elasticsearch``."""
    return site.name(name)


def store_identity_name(site: Site) -> str:
    """The name of the cloud identity that reads the store: IAM role, managed identity, service account
    (``ml-platform-production-secret-store``; on GCP a shorter form, see ``fleetform/clouds/gcp.py``)."""
    return site.name(STORE_READER)
