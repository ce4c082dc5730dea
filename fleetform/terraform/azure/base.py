"""What every Azure unit shares: the resource group, location, tags, tenant and the customer key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from cdktn import ITerraformDependable

from fleetform.terraform.context import StackContext


class Placement(TypedDict):
    """The arguments that put an Azure resource in a :class:`Place`, with the stack's tags."""

    location: str
    resource_group_name: str
    tags: dict[str, str]


@dataclass(frozen=True)
class Place:
    """A resource group in a location; all Azure resources of a unit are created in one. Resources that take
    a location get ``**place.placed``."""

    ctx: StackContext
    resource_group: str
    resource_group_id: str
    location: str
    tenant_id: str

    @property
    def tags(self) -> dict[str, str]:
        return self.ctx.tags

    @property
    def placed(self) -> Placement:
        return {"location": self.location, "resource_group_name": self.resource_group, "tags": self.tags}


@dataclass(frozen=True)
class Key:
    """A Key Vault key and the user-assigned identity that services use to wrap data with it."""

    vault_id: str
    vault_uri: str
    key_id: str
    versionless_key_id: str
    identity_id: str
    identity_principal_id: str
    #: What a resource that uses the key privately waits for: the vault's private endpoint and DNS link.
    ready: tuple[ITerraformDependable, ...] = ()
