"""What matters in a change, ranked: the categories, riskiest first, and which Kubernetes change is in which.

A change is in at most one category, the first that applies. Label and annotation edits are in none (a
label on every object is churn, not risk), except the annotations that make a Service's load balancer
public. Terraform changes are classified by :mod:`fleetform.diff.terraform`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fleetform.diff.fields import Path
from fleetform.diff.model import ADDED, REMOVED


@dataclass(frozen=True)
class Category:
    id: str
    title: str


#: Riskiest first: what cannot be undone (data destroyed, protection off), what opens the platform, what
#: changes who may do what, then what every release changes (images, charts) and capacity.
CATEGORIES = (
    Category("destroyed", "Terraform resources destroyed"),
    Category("protection-off", "deletion protection turned off"),
    Category("encryption-off", "encryption turned off"),
    Category("public-exposure", "public exposure added"),
    Category("rbac", "RBAC and IAM"),
    Category("security-context", "security contexts"),
    Category("network", "NetworkPolicies, AuthorizationPolicies and firewalls"),
    Category("admission", "admission policies and waivers"),
    Category("images", "images"),
    Category("charts", "Helm chart versions"),
    Category("flux", "Flux sources and intervals"),
    Category("replicas", "replicas and autoscaling bounds"),
    Category("resources", "resource requests and limits"),
)
RANK = {category.id: index for index, category in enumerate(CATEGORIES)}
TITLES = {category.id: category.title for category in CATEGORIES}

RBAC_KINDS = frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"})
NETWORK_KINDS = frozenset(
    {
        "NetworkPolicy",
        "AuthorizationPolicy",
        "PeerAuthentication",
        "CiliumNetworkPolicy",
        "CiliumClusterwideNetworkPolicy",
    }
)
#: Admission policies and their bindings; a binding's ``excludeResourceRules`` are the waivers synth emits.
ADMISSION_KINDS = frozenset(
    {
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "MutatingWebhookConfiguration",
    }
)
FLUX_SOURCES = frozenset({"GitRepository", "HelmRepository", "OCIRepository", "Bucket", "HelmChart"})
SCALING_KINDS = frozenset({"HorizontalPodAutoscaler", "PodDisruptionBudget"})
CONTAINER_LISTS = frozenset({"containers", "initContainers", "ephemeralContainers"})
SECURITY_FIELDS = frozenset(
    {"securityContext", "hostNetwork", "hostPID", "hostIPC", "hostUsers", "privileged", "automountServiceAccountToken"}
)
EXPOSED_SERVICE_TYPES = frozenset({"LoadBalancer", "NodePort"})
#: Service annotations that keep a cloud load balancer internal, and their internal value.
INTERNAL_ANNOTATIONS = {
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
    "networking.gke.io/load-balancer-type": "Internal",
    "cloud.google.com/load-balancer-type": "Internal",
}


def kubernetes_field(kind: str, api_version: str, path: Path, op: str, old: Any, new: Any) -> str | None:
    """The category of one field change of a Kubernetes object, or ``None``."""
    if _opens_a_load_balancer(path, op, old, new):
        return "public-exposure"
    if path[:1] == ("metadata",):
        return None
    if kind == "Service" and path == ("spec", "type") and new in EXPOSED_SERVICE_TYPES:
        return "public-exposure"
    by_kind = kind_category(kind)
    if by_kind is not None:
        return by_kind
    in_container = any(segment in CONTAINER_LISTS for segment in path)
    if in_container and path[-1] == "image":
        return "images"
    if kind == "HelmRelease" and path[:3] == ("spec", "chart", "spec") and path[-1] == "version":
        return "charts"
    if any(segment in SECURITY_FIELDS for segment in path):
        return "security-context"
    if in_container and "resources" in path:
        return "resources"
    if path[-1] == "replicas":
        return "replicas"
    if api_version.split("/")[0].endswith(".toolkit.fluxcd.io") and path[-1] in ("interval", "suspend"):
        return "flux"
    return None


def kind_category(kind: str) -> str | None:
    """The category of every change to (or of) an object of ``kind``, or ``None``."""
    if kind in RBAC_KINDS:
        return "rbac"
    if kind in NETWORK_KINDS:
        return "network"
    if kind in ADMISSION_KINDS:
        return "admission"
    if kind in FLUX_SOURCES:
        return "flux"
    if kind in SCALING_KINDS:
        return "replicas"
    return None


def kubernetes_object(kind: str, status: str, data: Any) -> str | None:
    """The category of a Kubernetes object that appears or disappears, or ``None``."""
    spec = data.get("spec") if isinstance(data, dict) else None
    if status == ADDED and kind == "Service" and isinstance(spec, dict) and spec.get("type") in EXPOSED_SERVICE_TYPES:
        return "public-exposure"
    return kind_category(kind)


def _opens_a_load_balancer(path: Path, op: str, old: Any, new: Any) -> bool:
    """An internal-load-balancer annotation removed or set to another value (any object: HelmRelease values
    hold the gateway Service's annotations)."""
    key = path[-1] if path else ""
    internal = INTERNAL_ANNOTATIONS.get(key)
    if internal is None or "annotations" not in path:
        return False
    return str(old).lower() == internal.lower() and (op == REMOVED or str(new).lower() != internal.lower())


def rank(category: str | None) -> int:
    """Sort key: categories in :data:`CATEGORIES` order, unranked changes last."""
    return RANK.get(category, len(CATEGORIES)) if category is not None else len(CATEGORIES)
