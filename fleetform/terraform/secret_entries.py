"""What every cloud's stack writes into its secret store (the entries are named by
:mod:`fleetform.clouds.secrets`): the connection entry, one JSON object built from references to the
stack's resources, and a placeholder per alert receiver whose value the operator sets out of band."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdktn import Fn

from fleetform.clouds.secrets import CONNECTION_PROPERTIES, STORE_READER
from fleetform.settings.namespaces import EXTERNAL_SECRETS_NS

#: The Kubernetes identity federated with the store's reader (the ServiceAccount External Secrets
#: Operator requests tokens for).
READER_SUBJECT = f"system:serviceaccount:{EXTERNAL_SECRETS_NS}:{STORE_READER}"


@dataclass(frozen=True)
class StoreAccess:
    """What a cloud's secrets module returns for the stack's outputs: the identity that reads the store,
    and the connection entry's id (ARN / Key Vault id / Secret Manager name), never its value."""

    reader: str
    connection: str


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
