"""Objects of the tree that make other objects at run time (their controller does, when it is installed:
the controllers rule checks that): a Certificate its Secret, an ExternalSecret its target Secret, an ACME
issuer its account key, a CRD its API group, Flux's controllers their API groups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from fleetform.integrity import capabilities as cap
from fleetform.integrity.model import Cluster, Obj, dig
from fleetform.integrity.world import Capability, Produced, Production, Release

#: Flux's controllers (Deployments of the ``flux-system`` namespace) and the API groups each serves.
FLUX_CONTROLLERS = {
    "source-controller": ("source.toolkit.fluxcd.io",),
    "kustomize-controller": ("kustomize.toolkit.fluxcd.io",),
    "helm-controller": ("helm.toolkit.fluxcd.io",),
    "notification-controller": ("notification.toolkit.fluxcd.io",),
}
#: The deploy key of the GitRepository Flux syncs from is created by hand when a cluster is attached
#: (README, "The layers, and how Flux applies them"; its name is ``gitops.secret`` of the settings).
BOOTSTRAP = "the cluster's bootstrap (README: create the deploy-key Secret named in settings gitops.secret)"


def object_production(cluster: Cluster, releases: Sequence[Release]) -> Production:
    objects = [*_secrets(cluster, releases), *_namespaces(releases)]
    capabilities = [*_crds(cluster), *_flux(cluster)]
    return Production(objects=tuple(objects), capabilities=tuple(capabilities))


def _secrets(cluster: Cluster, releases: Sequence[Release]) -> Iterator[Produced]:
    for obj in cluster.of_kind("Certificate"):
        yield _made(obj, "Secret", obj.namespace, obj.spec.get("secretName"), "spec.secretName, by cert-manager")
    for obj in cluster.of_kind("ExternalSecret"):
        target = obj.spec.get("target") or {}
        if target.get("creationPolicy", "Owner") in ("Owner", "Orphan"):
            name = target.get("name") or obj.name
            yield _made(obj, "Secret", obj.namespace, name, "spec.target, by the External Secrets Operator")
    for obj in cluster.of_kind("SealedSecret"):
        yield _made(obj, "Secret", obj.namespace, obj.name, "by the sealed-secrets controller")
    resources = _cert_manager_namespace(releases)
    for obj in cluster.of_kind("ClusterIssuer", "Issuer"):
        key = dig(obj.spec, "acme", "privateKeySecretRef", "name")
        namespace = obj.namespace or resources
        yield _made(
            obj, "Secret", namespace, key, "spec.acme.privateKeySecretRef: the ACME account key cert-manager registers"
        )
    for obj in cluster.of_kind("GitRepository"):
        name = dig(obj.spec, "secretRef", "name")
        if obj.namespace == "flux-system" and name:
            yield Produced("Secret", obj.namespace, str(name), BOOTSTRAP, "README", source=obj)


def _made(obj: Obj, kind: str, namespace: str, name: object, fact: str) -> Produced:
    return Produced(kind, namespace, str(name or ""), obj.ref, fact, source=obj)


def _cert_manager_namespace(releases: Sequence[Release]) -> str:
    """Where cert-manager keeps the Secrets of ClusterIssuers: ``clusterResourceNamespace``, default the
    release namespace (deploy/charts/cert-manager templates/deployment.yaml)."""
    for release in releases:
        if release.chart == "cert-manager":
            return str(release.value("clusterResourceNamespace") or release.namespace)
    return "cert-manager"


def _namespaces(releases: Sequence[Release]) -> Iterator[Produced]:
    for release in releases:
        if dig(release.obj.spec, "install", "createNamespace"):
            yield Produced(
                "Namespace", "", release.namespace, release.by, "spec.install.createNamespace", source=release.obj
            )


def _crds(cluster: Cluster) -> Iterator[Capability]:
    for crd in cluster.of_kind("CustomResourceDefinition"):
        group = crd.spec.get("group")
        if group:
            yield Capability(cap.crd(str(group)), crd.ref)


def _flux(cluster: Cluster) -> Iterator[Capability]:
    """Flux serves its kinds only where the tree installs its controllers (the ``flux`` layer)."""
    for name in FLUX_CONTROLLERS:
        deployment = cluster.get("Deployment", "flux-system", name)
        if deployment is not None:
            yield Capability(cap.flux(name), deployment.ref)
