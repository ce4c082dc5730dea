"""integrity-controllers: what needs a controller has it in the same cluster.

Custom resource kinds need their CRDs and controller (a chart of the cluster, Flux's controllers in the
``flux`` layer, the cloud); Service load balancer annotations and classes, ingress classes (Ingresses and
ACME HTTP-01 solvers), StorageClass provisioners, sidecar injection, NetworkPolicies, Velero storage
providers and workload identity annotations need whatever serves them (see
:mod:`fleetform.integrity.capabilities`). A missing CRD or controller is reported once per cluster, at the
first object that needs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fleetform.integrity import capabilities as cap
from fleetform.integrity.builtins import BUILT_IN_GROUPS
from fleetform.integrity.made import FLUX_CONTROLLERS
from fleetform.integrity.model import Cluster, Obj, Path, Problem, dig
from fleetform.integrity.producers import charts_serving
from fleetform.integrity.world import Produced, World

ID = "integrity-controllers"
SUMMARY = (
    "every CRD kind, load balancer annotation, ingress class, provisioner and injection label has its controller "
    "in the cluster"
)

#: Service annotations (``key: values``; no values: any) that only the AWS Load Balancer Controller serves.
AWS_CONTROLLER_ANNOTATIONS: dict[str, tuple[str, ...]] = {
    "service.beta.kubernetes.io/aws-load-balancer-type": ("external", "nlb-ip"),
    "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": (),
}
#: Velero's object store plugins that are not named after their provider.
PLUGINS = {"azure": "microsoft-azure"}
#: Who serves each capability, for the fix a message proposes.
FIXES = {
    cap.AWS_LOAD_BALANCER_CONTROLLER: "a HelmRelease of chart aws-load-balancer-controller",
    cap.SIDECAR_INJECTOR: "a HelmRelease of chart istiod",
    cap.NETWORK_POLICY: "a CNI that enforces NetworkPolicies (EKS: the vpc-cni add-on with enableNetworkPolicy)",
    cap.EKS_IRSA: "the cluster's aws_iam_openid_connect_provider in the stack",
    cap.AKS_WORKLOAD_IDENTITY: "workload_identity_enabled on the azurerm_kubernetes_cluster",
    cap.GKE_WORKLOAD_IDENTITY: "workload_identity_config on the google_container_cluster",
}
#: Identity annotations (on ServiceAccounts) and labels (on pods) and what serves them.
IDENTITY_ANNOTATIONS = {
    "eks.amazonaws.com/role-arn": cap.EKS_IRSA,
    "iam.gke.io/gcp-service-account": cap.GKE_WORKLOAD_IDENTITY,
    "azure.workload.identity/client-id": cap.AKS_WORKLOAD_IDENTITY,
}


@dataclass(frozen=True)
class Need:
    """``subject`` (at ``path``) needs all of ``capabilities``; ``what`` says what needs them."""

    subject: Obj
    path: Path
    capabilities: tuple[str, ...]
    what: str


def check(cluster: Cluster) -> Iterator[Problem]:
    world = cluster.world
    reported: set[str] = set()
    for need in _needs(world):
        missing = [c for c in need.capabilities if world.has(c) is None]
        if missing and missing[0] not in reported:
            reported.update(missing)  # once per cluster, at the first object that needs it; its first gap
            yield Problem(need.subject, _message(world, missing[0], need.what), need.path)


def _message(world: World, capability: str, what: str) -> str:
    kind, _, name = capability.partition(":")
    if kind == "crd":
        flux = [c for c, groups in FLUX_CONTROLLERS.items() if name in groups]
        charts = charts_serving(name)
        if flux:
            fix = f"Flux's {flux[0]} and CRDs in the flux layer"
        else:
            fix = f"a HelmRelease of chart {' or '.join(charts)}" if charts else f"the CRDs of {name} in the cluster"
        return f"{what}: no CRD of group {name} is installed in {world.cluster.id}; expected {fix}"
    if kind == "flux":
        return (
            f"{what}: Flux's {name} does not run in {world.cluster.id} (the flux layer does not install it); "
            "expected Flux's components in the flux layer"
        )
    fixes = {
        "provisioner": f"the CSI driver {name} (on EKS: its aws_eks_addon in the stack)",
        "ingress-class": f"an ingress controller of class {name}",
        "load-balancer-class": f"the controller of load balancer class {name}",
        "velero-plugin": f"velero-plugin-for-{PLUGINS.get(name, name)} in the Velero release's initContainers",
    }
    fix = fixes.get(kind) or FIXES.get(capability, capability)
    return f"{what}: nothing in {world.cluster.id} serves it; expected {fix}"


def _needs(world: World) -> Iterator[Need]:
    for obj in world.cluster.objects:
        if obj.group not in BUILT_IN_GROUPS:
            flux = tuple(cap.flux(c) for c, groups in FLUX_CONTROLLERS.items() if obj.group in groups)
            yield Need(obj, ("apiVersion",), (cap.crd(obj.group), *flux), f"kind {obj.kind} ({obj.api_version})")
        yield from _object_needs(obj)
    for service in world.all("Service"):
        yield from _load_balancer(service)
    for account in world.all("ServiceAccount"):
        for key, capability in IDENTITY_ANNOTATIONS.items():
            if key in account.annotations:
                yield from _need(account, ("metadata", "annotations", key), (key,), (capability,), f"annotation {key}")


def _object_needs(obj: Obj) -> Iterator[Need]:
    spec = obj.spec
    if obj.kind == "StorageClass":
        name = str(obj.data.get("provisioner") or "")
        yield Need(obj, ("provisioner",), (cap.provisioner(name),), f"provisioner {name}")
    elif obj.kind == "Namespace" and (obj.labels.get("istio-injection") == "enabled" or "istio.io/rev" in obj.labels):
        yield Need(obj, ("metadata", "labels"), (cap.SIDECAR_INJECTOR,), "Istio sidecar injection")
    elif obj.kind == "NetworkPolicy":
        yield Need(obj, ("kind",), (cap.NETWORK_POLICY,), "NetworkPolicy enforcement")
    elif obj.kind == "Ingress":
        ingress_class = spec.get("ingressClassName") or obj.annotations.get("kubernetes.io/ingress.class")
        if ingress_class:
            needed = (cap.ingress_class(str(ingress_class)),)
            yield Need(obj, ("spec", "ingressClassName"), needed, f"ingress class {ingress_class}")
    elif obj.kind in ("ClusterIssuer", "Issuer"):
        for i, solver in enumerate(dig(spec, "acme", "solvers") or []):
            ingress = dig(solver, "http01", "ingress") or {}
            solver_class = ingress.get("ingressClassName") or ingress.get("class")
            if solver_class:
                at = ("spec", "acme", "solvers", i, "http01", "ingress")
                yield Need(
                    obj, at, (cap.ingress_class(str(solver_class)),), f"ACME HTTP-01 ingress class {solver_class}"
                )
    elif obj.kind == "BackupStorageLocation" and spec.get("provider"):
        provider = str(spec["provider"]).rpartition("/")[2]
        yield Need(obj, ("spec", "provider"), (cap.velero_plugin(provider),), f"Velero provider {provider}")


def _load_balancer(service: Obj | Produced) -> Iterator[Need]:
    for key, values in AWS_CONTROLLER_ANNOTATIONS.items():
        value = service.annotations.get(key)
        if value is not None and (not values or value in values):
            what = f"{service.ref} annotation {key}: {value}"
            needed = (cap.AWS_LOAD_BALANCER_CONTROLLER,)
            yield from _need(service, ("metadata", "annotations", key), ("annotations", key), needed, what)
    name = service.spec.get("loadBalancerClass")
    if name:
        needed = (cap.load_balancer_class(str(name)),)
        what = f"{service.ref} loadBalancerClass {name}"
        yield from _need(service, ("spec", "loadBalancerClass"), ("loadBalancerClass",), needed, what)


def _need(thing: Obj | Produced, path: Path, in_values: Path, needed: tuple[str, ...], what: str) -> Iterator[Need]:
    """A need of ``thing`` at ``path``; for a produced object, at ``in_values`` under where the tree's
    object that makes it sets it (its chart's values)."""
    if isinstance(thing, Obj):
        yield Need(thing, path, needed, what)
    elif thing.source is not None:
        yield Need(thing.source, (*thing.source_path, *in_values), needed, what)
