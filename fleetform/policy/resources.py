"""Kind -> (resource, cluster-scoped) for the objects fleetform renders and the usual built-in kinds.

Offline there is no discovery API: unknown kinds fall back to the lower-cased plural, namespaced when
the object carries a namespace.
"""

from __future__ import annotations

CLUSTER_SCOPED = frozenset(
    {
        "Namespace",
        "Node",
        "PersistentVolume",
        "PriorityClass",
        "StorageClass",
        "ClusterRole",
        "ClusterRoleBinding",
        "CustomResourceDefinition",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
        "IngressClass",
        "RuntimeClass",
        "CSIDriver",
        "APIService",
        "ClusterIssuer",
    }
)

_IRREGULAR = {
    "NetworkPolicy": "networkpolicies",
    "PriorityClass": "priorityclasses",
    "StorageClass": "storageclasses",
    "IngressClass": "ingressclasses",
    "RuntimeClass": "runtimeclasses",
    "Ingress": "ingresses",
    "Endpoints": "endpoints",
    "ValidatingAdmissionPolicy": "validatingadmissionpolicies",
    "AuthorizationPolicy": "authorizationpolicies",
    "ClusterIssuer": "clusterissuers",
}


def resource_of(kind: str) -> str:
    """The plural resource name of a kind (``Deployment`` -> ``deployments``)."""
    if kind in _IRREGULAR:
        return _IRREGULAR[kind]
    lower = kind.lower()
    if lower.endswith(("s", "x", "ch", "sh")):
        return lower + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    return lower + "s"


def is_namespaced(kind: str, namespace: str | None) -> bool:
    return kind not in CLUSTER_SCOPED and (namespace is not None or kind not in CLUSTER_SCOPED)
