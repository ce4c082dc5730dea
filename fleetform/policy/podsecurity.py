"""The Kubernetes version Pod Security policies evaluate 'latest' at, per cluster.

Pod Security admission reads a namespace's level and version from its ``pod-security.kubernetes.io/enforce``
and ``enforce-version`` labels; ``latest`` (and a namespace without a version) means the API server's own
version. The ``k8s-pss-*`` policies do the same in CEL and read that version from their variable
:data:`VERSION_VARIABLE`, whose expression in the library is the newest version they know. fleetform
gives it the cluster's version instead of inlining it: ``fleetform synth`` writes the cluster's
``kubernetes_version`` into the emitted policy (:mod:`fleetform.policy.emit`), and ``fleetform policy``
supplies :func:`cluster_version` of each cluster folder (else the library's value).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: The variable of a policy that holds the cluster's Kubernetes minor version (an int, e.g. 32 for 1.32).
VERSION_VARIABLE = "kubernetesVersion"
ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
#: ``v1.<minor>`` as Pod Security admission parses it (no leading zeros).
_VERSION = re.compile(r"^v1\.(0|[1-9][0-9]*)$")


def cluster_version(namespaces: Iterable[dict[str, Any]]) -> int | None:
    """The cluster's minor version as its namespaces tell it: the ``enforce-version`` of the namespaces
    fleetform created (``fleetform synth`` labels each with the cluster's ``kubernetes_version``; other
    namespaces may pin any version), the newest if they differ; ``None`` when there is none."""
    found: list[int] = []
    for namespace in namespaces:
        labels = (namespace.get("metadata") or {}).get("labels") or {}
        if labels.get(MANAGED_BY_LABEL) != "fleetform":
            continue
        match = _VERSION.match(str(labels.get(ENFORCE_VERSION_LABEL, "")))
        if match:
            found.append(int(match.group(1)))
    return max(found) if found else None


def minor(kubernetes_version: str) -> int:
    """``"1.32"`` -> 32."""
    return int(kubernetes_version.split(".")[1])
