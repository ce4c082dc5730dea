"""What every cloud's stack writes into its secret store (the entries are named by
:mod:`fleetform.clouds.secrets`): the connection entry, one JSON object built from references to the
stack's resources, and a placeholder per alert receiver whose value the operator sets out of band."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdktn import Fn

from fleetform.clouds.secrets import (
    CONNECTION_PROPERTIES,
    ELASTICSEARCH_PLACEHOLDER,
    RECEIVER_PLACEHOLDER,
    STORE_READER,
    elasticsearch_entry,
    receiver_entry,
)
from fleetform.settings import Cluster
from fleetform.settings.namespaces import EXTERNAL_SECRETS_NS
from fleetform.settings.telemetry import uses_elasticsearch

#: The Kubernetes identity federated with the store's reader (the ServiceAccount External Secrets
#: Operator requests tokens for).
READER_SUBJECT = f"system:serviceaccount:{EXTERNAL_SECRETS_NS}:{STORE_READER}"


@dataclass(frozen=True)
class StoreAccess:
    """What a cloud's secrets module returns for the stack's outputs: the identity that reads the store,
    and the connection entry's id (ARN / Key Vault id / Secret Manager name), never its value."""

    reader: str
    connection: str


@dataclass(frozen=True)
class OutOfBandEntry:
    """An entry the stack creates with ``placeholder`` and never writes again: the operator sets its value.
    ``id`` names its Terraform resources, ``json`` whether the value is a JSON object (Key Vault's content type)."""

    id: str
    name: str
    placeholder: str
    json: bool = False


def out_of_band_entries(cluster: Cluster) -> list[OutOfBandEntry]:
    """One entry per alert receiver the environment routes to, and the Elasticsearch credentials when traces
    or logs are shipped (:func:`fleetform.settings.telemetry.uses_elasticsearch`)."""
    site, env = cluster.site, cluster.env
    out = [
        OutOfBandEntry(f"alerts-{receiver}", receiver_entry(site, receiver), RECEIVER_PLACEHOLDER)
        for receiver in env.alerts.receivers.used
    ]
    if uses_elasticsearch(env.tracing, env.logging):
        name = env.logging.credentials
        out.append(OutOfBandEntry(name, elasticsearch_entry(site, name), ELASTICSEARCH_PLACEHOLDER, json=True))
    return out


def connection_value(values: Mapping[str, str]) -> str:
    """The connection entry: ``jsonencode`` of exactly the properties of
    :data:`~fleetform.clouds.secrets.CONNECTION_PROPERTIES`, in that order. A value is a reference to a
    resource attribute (``${aws_db_instance.db.address}``), or a literal that is no secret (a port, a
    name, ``""``); a missing or extra property is a bug of the cloud's secrets module."""
    if set(values) != set(CONNECTION_PROPERTIES):
        missing = sorted(set(CONNECTION_PROPERTIES) - set(values))
        extra = sorted(set(values) - set(CONNECTION_PROPERTIES))
        raise ValueError(f"connection entry: properties missing {missing}, unexpected {extra}")
    return Fn.jsonencode({prop: values[prop] for prop in CONNECTION_PROPERTIES})
