"""What the charts of one cluster are given: the cluster's settings, and what the synth pipeline computes
outside the Kubernetes half (the admission objects of ``policies/``, where Velero writes backups, Flux's own
components)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fleetform.clouds import BackupTarget
from fleetform.settings import Cluster


@dataclass(frozen=True)
class ClusterInputs:
    """One cluster's chart inputs. ``admission``: the ValidatingAdmissionPolicies, their bindings and params
    ConfigMaps, as plain objects; ``backup``: Velero's backup location, a bucket the Terraform stack creates;
    ``flux``: the install manifests of the pinned Flux release (vendored upstream data), as plain objects."""

    cluster: Cluster
    admission: tuple[Mapping[str, Any], ...]
    backup: BackupTarget
    flux: tuple[Mapping[str, Any], ...] = ()
