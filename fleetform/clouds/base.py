"""What a cloud is: one object per cloud (``fleetform/clouds/<cloud>.py``) behind the :class:`Cloud` protocol.

The object holds everything fleetform knows about the cloud itself: the rules its settings follow (account
and identity formats, machine settings with a cloud-specific meaning, infra keys its stack needs), how pods
get its workload identity, its SSD storage class, how its public load balancer reaches the cluster
(:mod:`fleetform.clouds.ingress`), Velero and Istio specifics, how the buckets both halves name are named,
and which module builds its Terraform stack. What differs between
deployments (regions, accounts, identities, CIDRs, machine sizes) is settings:
``settings/clouds/<cloud>.yaml``.

This package imports only :mod:`fleetform.rules`: the settings loader applies the clouds' rules, and the
Kubernetes and Terraform halves read the clouds through :class:`fleetform.settings.Cluster`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from fleetform.clouds.ingress import Backend, ControllerRelease, Exposure
from fleetform.rules import Problem, Rule

#: Where Velero writes under its bucket: apart from the models.
BACKUP_PREFIX = "velero"
#: The ServiceAccount Velero's server runs as (in the velero namespace; the chart's ``serviceAccount.server.
#: name``): the backup identity trusts exactly it.
BACKUP_SERVICE_ACCOUNT = "velero-server"
#: The name part of the backup identity (:meth:`Cloud.backup_identity`).
BACKUP_IDENTITY = "velero"


@dataclass(frozen=True)
class Site:
    """Where one cluster lives on its cloud, and how its cloud resources are named.

    ``platform`` is the platform's name (``ml-platform``), ``account`` the environment's AWS account id,
    Azure subscription id or GCP project id, ``disaster_recovery`` whether the environment has a DR copy.
    """

    platform: str
    environment: str
    account: str
    region: str
    dr_region: str
    disaster_recovery: bool

    @property
    def prefix(self) -> str:
        """Resource name prefix, e.g. ``ml-platform-production``."""
        return f"{self.platform}-{self.environment}"

    def name(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def compact_name(self, suffix: str, limit: int = 24) -> str:
        """Letters and digits only, at most ``limit`` (24: Azure storage accounts and Key Vaults):
        ``mlplatformprodmodels`` (the environment shortened to 4 letters)."""
        base = re.sub(r"[^a-z0-9]", "", f"{self.platform}{self.environment[:4]}{suffix}")
        return base[:limit]


@dataclass(frozen=True)
class StorageClass:
    """The cloud's encrypted SSD volumes: CSI driver and its StorageClass parameters."""

    provisioner: str
    parameters: Mapping[str, str]


@dataclass(frozen=True)
class BackupTarget:
    """Velero's BackupStorageLocation: object-store ``provider``, ``bucket`` (the Azure blob container),
    ``prefix`` and the provider plugin's ``config``. The bucket is one the Terraform stack creates: the DR
    region's replica with disaster recovery on, the model bucket otherwise."""

    provider: str
    bucket: str
    config: Mapping[str, str]
    prefix: str = BACKUP_PREFIX


class Cloud(Protocol):
    """One supported cloud. Implementations are listed in :data:`fleetform.clouds.CLOUDS`."""

    #: The cloud's id: the settings file name, the first part of cluster ids, a DNS label of the API's host.
    name: str

    # The settings rules (applied by fleetform.settings.loader, located in settings/clouds/<cloud>.yaml).
    #: Rule that each per-environment account (account id / subscription id / project id) must match.
    account_rule: Rule
    #: Rule that each per-environment workload identity must match.
    identity_rule: Rule
    #: ``infra.machines.<key>`` settings whose meaning is cloud-specific, and the rule each must match.
    machine_rules: Mapping[str, Rule]
    #: Key paths under ``infra`` that the schema leaves optional but this cloud's stack needs set.
    required_infra: tuple[tuple[str, ...], ...]

    # The Kubernetes half.
    #: The SSD StorageClass of the model cache volumes.
    storage_class: StorageClass
    #: Networks the public load balancer's requests and health checks come from besides the VPC (Google's front
    #: ends on GCP): the platform's NetworkPolicies and the stack's firewall admit them.
    load_balancer_sources: tuple[str, ...]
    #: Namespaces of the cloud's own controllers (:meth:`load_balancer_controller`): created by the platform.
    namespaces: tuple[str, ...]
    #: Velero object-store provider name and its plugin image (pinned: the plugin line matching the pinned
    #: Velero, v1.14.x for Velero 1.18, per the plugins' compatibility tables).
    velero_provider: str
    velero_plugin: str
    #: Istio's ``global.platform`` value for this cloud ("" when Istio needs none; any other value must be one
    #: of the Istio charts' platform profiles: the vendored values schemas list them).
    istio_platform: str
    #: The cloud's managed Kubernetes service (``eks``, ``aks``, ``gke``): the component whose vendored support
    #: record dates the end of support of the pinned Kubernetes minor on this cloud (fleetform.versions).
    kubernetes_service: str
    #: Where pods fetch their workload-identity tokens inside the node, as (CIDR, port): NetworkPolicies of
    #: pods that use the cloud identity allow them. Empty where tokens come from the internet (STS, Entra).
    identity_endpoints: tuple[tuple[str, int], ...]

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        """Annotations binding the workload ServiceAccount to the cloud identity."""
        ...

    def pod_labels(self) -> dict[str, str]:
        """Labels the cloud's workload-identity webhook needs on pods (may be empty)."""
        ...

    # The public load balancer (names shared by both halves come from one function of the cloud's module).
    def exposure(self, site: Site, backend: Backend, address: str) -> Exposure:
        """How ``backend``'s Service is exposed to the public load balancer of the cluster's stack; ``address``
        is ``network.ingress_ip`` of the cloud's settings ("" where the cloud takes none)."""
        ...

    def load_balancer_controller(self, site: Site) -> ControllerRelease | None:
        """The controller the cloud's load balancing needs in the cluster (None: the cloud runs it itself)."""
        ...

    def ingress_address_problem(self, vpc_cidr: str, address: str) -> Problem | None:
        """What is wrong with ``network.ingress_ip`` (``address``) for this cloud, or None."""
        ...

    # Object storage: named here once, so the Terraform stack and Velero's backup location agree.
    def model_bucket(self, site: Site) -> str:
        """The model bucket (storage account on Azure) of the primary region."""
        ...

    def dr_bucket(self, site: Site) -> str:
        """Its replica in the DR region."""
        ...

    def backup_target(self, site: Site) -> BackupTarget:
        """Where Velero writes the cluster's backups."""
        ...

    # The secret store (its entries are named by fleetform/clouds/secrets.py).
    #: Whether the identity that reads the store is known only once the stack is applied (an Azure managed
    #: identity's client id): the settings then carry it, ``secret_store_identities`` of
    #: ``settings/clouds/<cloud>.yaml``, checked by :attr:`identity_rule`. Elsewhere it is named from the site.
    store_identity_in_settings: bool

    def secret_store_identity(self, site: Site, configured: Mapping[str, str]) -> str:
        """The cloud identity the store's reader ServiceAccount is bound to: named from the site (IAM role
        ARN, service account email) or, with :attr:`store_identity_in_settings`, ``configured[environment]``."""
        ...

    def secret_store_provider(self, site: Site, reader: Mapping[str, str]) -> dict[str, Any]:
        """``spec.provider`` of External Secrets Operator's ClusterSecretStore: the cloud's secret store,
        authenticated as the ServiceAccount ``reader`` (``name``, ``namespace``) through its workload identity."""
        ...

    def backup_identity(self, site: Site, workload: str) -> str:
        """The cloud identity Velero's server is bound to: one of its own, named from the site, that may only
        use the backup target (AWS IAM role, Google service account), or where its name is known only after
        apply (an Azure managed identity's client id) the platform's ``workload`` identity."""
        ...

    # The Terraform half.
    #: Module whose ``build(stack, ctx)`` builds the cloud's stack. Named, not imported: importing a provider
    #: loads its jsii assembly (seconds), so only the process that builds one of the cloud's stacks pays for it.
    terraform_builder: str
