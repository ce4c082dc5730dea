"""What objects name: every reference from one object to another by kind, namespace and name, with the path
it is at. One extractor per kind (:data:`EXTRACTORS`); pods' references come from the pod spec of any
workload. Ports and Istio hosts, which resolve through Services, are in :mod:`fleetform.integrity.ports`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from fleetform.integrity.model import Obj, Path, dig
from fleetform.integrity.selectors import pods_of


@dataclass(frozen=True)
class Ref:
    """``kind`` ``namespace``/``name`` (``namespace`` ``""``: cluster-scoped) named at ``path``; ``use`` says
    how and ``of`` by what part of the object, for the message (``env DATABASE_URL``, ``container api``)."""

    path: Path
    kind: str
    namespace: str
    name: str
    use: str
    of: str = ""


Extractor = Callable[[Obj], Iterator[Ref]]


def references(obj: Obj) -> Iterator[Ref]:
    """Every reference ``obj`` makes (its pods' included); empty names are not references."""
    found = (*_pod_refs(obj), *(EXTRACTORS[obj.kind](obj) if obj.kind in EXTRACTORS else ()))
    return (ref for ref in found if ref.name)


def _pod_refs(obj: Obj) -> Iterator[Ref]:
    pod = pods_of(obj)
    if pod is None:
        return
    spec, at, ns = pod.spec, (*pod.path, "spec"), obj.namespace
    account = spec.get("serviceAccountName") or spec.get("serviceAccount") or "default"
    yield Ref((*at, "serviceAccountName"), "ServiceAccount", ns, str(account), "the pods' service account")
    if spec.get("priorityClassName"):
        yield Ref((*at, "priorityClassName"), "PriorityClass", "", str(spec["priorityClassName"]), "priority class")
    for i, secret in enumerate(spec.get("imagePullSecrets") or []):
        yield Ref((*at, "imagePullSecrets", i, "name"), "Secret", ns, _name(secret), "image pull secret")
    for i, volume in enumerate(spec.get("volumes") or []):
        yield from _volume(volume, (*at, "volumes", i), ns)
    for path, container in pod.containers():
        yield from _container(container, path, ns)


def _volume(volume: Mapping[str, Any], at: Path, ns: str) -> Iterator[Ref]:
    use = f"volume {volume.get('name')}"
    secret, config = volume.get("secret") or {}, volume.get("configMap") or {}
    if secret and not secret.get("optional"):
        yield Ref((*at, "secret", "secretName"), "Secret", ns, str(secret.get("secretName") or ""), use)
    if config and not config.get("optional"):
        yield Ref((*at, "configMap", "name"), "ConfigMap", ns, _name(config), use)
    claim = volume.get("persistentVolumeClaim") or {}
    yield Ref(
        (*at, "persistentVolumeClaim", "claimName"), "PersistentVolumeClaim", ns, str(claim.get("claimName") or ""), use
    )
    template = dig(volume, "ephemeral", "volumeClaimTemplate", "spec", "storageClassName")
    yield Ref(
        (*at, "ephemeral", "volumeClaimTemplate", "spec", "storageClassName"),
        "StorageClass",
        "",
        str(template or ""),
        use,
    )
    for j, source in enumerate(dig(volume, "projected", "sources") or []):
        for key, kind in (("secret", "Secret"), ("configMap", "ConfigMap")):
            item = source.get(key) if isinstance(source, Mapping) else None
            if isinstance(item, Mapping) and not item.get("optional"):
                yield Ref((*at, "projected", "sources", j, key, "name"), kind, ns, _name(item), use)


def _container(container: Mapping[str, Any], at: Path, ns: str) -> Iterator[Ref]:
    of = f"container {container.get('name')}"
    for i, env in enumerate(container.get("env") or []):
        for key, kind in (("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")):
            source = dig(env, "valueFrom", key)
            if isinstance(source, Mapping) and not source.get("optional"):
                use = f"env {env.get('name')}"
                yield Ref((*at, "env", i, "valueFrom", key, "name"), kind, ns, _name(source), use, of)
    for i, env in enumerate(container.get("envFrom") or []):
        for key, kind in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
            source = env.get(key) if isinstance(env, Mapping) else None
            if isinstance(source, Mapping) and not source.get("optional"):
                yield Ref((*at, "envFrom", i, key, "name"), kind, ns, _name(source), "envFrom", of)


def _name(item: Any) -> str:
    return str(item.get("name") or "") if isinstance(item, Mapping) else ""


def _claims(obj: Obj) -> Iterator[Ref]:
    if obj.kind == "PersistentVolumeClaim":
        yield Ref(
            ("spec", "storageClassName"), "StorageClass", "", str(obj.spec.get("storageClassName") or ""), "claim"
        )
    for i, claim in enumerate(obj.spec.get("volumeClaimTemplates") or [] if obj.kind == "StatefulSet" else []):
        name = str(dig(claim, "spec", "storageClassName") or "")
        yield Ref(
            ("spec", "volumeClaimTemplates", i, "spec", "storageClassName"), "StorageClass", "", name, "claim template"
        )


def _scale_target(obj: Obj) -> Iterator[Ref]:
    target = obj.spec.get("scaleTargetRef") or {}
    yield Ref(("spec", "scaleTargetRef"), str(target.get("kind") or ""), obj.namespace, _name(target), "scale target")


def _binding(obj: Obj) -> Iterator[Ref]:
    role = obj.data.get("roleRef") or {}
    kind = str(role.get("kind") or "")
    yield Ref(("roleRef",), kind, obj.namespace if kind == "Role" else "", _name(role), "role")
    for i, subject in enumerate(obj.data.get("subjects") or []):
        if isinstance(subject, Mapping) and subject.get("kind") == "ServiceAccount":
            ns = str(subject.get("namespace") or obj.namespace)
            yield Ref(("subjects", i), "ServiceAccount", ns, _name(subject), "subject")


def _ingress(obj: Obj) -> Iterator[Ref]:
    for i, tls in enumerate(obj.spec.get("tls") or []):
        yield Ref(("spec", "tls", i, "secretName"), "Secret", obj.namespace, str(tls.get("secretName") or ""), "TLS")
    backend = dig(obj.spec, "defaultBackend", "service")
    if isinstance(backend, Mapping):
        yield Ref(("spec", "defaultBackend", "service", "name"), "Service", obj.namespace, _name(backend), "backend")
    for i, rule in enumerate(obj.spec.get("rules") or []):
        for j, path in enumerate(dig(rule, "http", "paths") or []):
            service = dig(path, "backend", "service") or {}
            at = ("spec", "rules", i, "http", "paths", j, "backend", "service", "name")
            yield Ref(at, "Service", obj.namespace, _name(service), "backend")


def _certificate(obj: Obj) -> Iterator[Ref]:
    issuer = obj.spec.get("issuerRef") or {}
    kind = str(issuer.get("kind") or "Issuer")
    yield Ref(("spec", "issuerRef"), kind, obj.namespace if kind == "Issuer" else "", _name(issuer), "issuer")


def _istio_gateway(obj: Obj) -> Iterator[Ref]:
    for i, server in enumerate(obj.spec.get("servers") or []):
        name = str(dig(server, "tls", "credentialName") or "")
        yield Ref(("spec", "servers", i, "tls", "credentialName"), "Secret", obj.namespace, name, "TLS credential")


def _virtual_service(obj: Obj) -> Iterator[Ref]:
    for i, gateway in enumerate(obj.spec.get("gateways") or []):
        if gateway != "mesh":
            ns, _, name = str(gateway).rpartition("/")
            yield Ref(("spec", "gateways", i), "Gateway", ns or obj.namespace, name, "gateway")


def _flux(obj: Obj) -> Iterator[Ref]:
    spec, ns = obj.spec, obj.namespace
    for at in (("spec", "sourceRef"), ("spec", "chart", "spec", "sourceRef"), ("spec", "chartRef")):
        source = dig(obj.data, *at)
        if isinstance(source, Mapping):
            yield Ref(at, str(source.get("kind") or ""), str(source.get("namespace") or ns), _name(source), "source")
    for i, depends in enumerate(spec.get("dependsOn") or []):
        yield Ref(("spec", "dependsOn", i), obj.kind, str(depends.get("namespace") or ns), _name(depends), "dependency")
    for i, values in enumerate(spec.get("valuesFrom") or []):
        if not values.get("optional"):
            yield Ref(("spec", "valuesFrom", i), str(values.get("kind") or ""), ns, _name(values), "values")
    for secret in (("spec", "secretRef"), ("spec", "decryption", "secretRef")):
        yield Ref((*secret, "name"), "Secret", ns, _name(dig(obj.data, *secret)), "credentials")


def _helm_release(obj: Obj) -> Iterator[Ref]:
    """Its Flux references, and every Secret its chart values name through an env var's ``secretKeyRef``
    (the chart's pods read it in the release's namespace)."""
    yield from _flux(obj)
    namespace = str(obj.spec.get("targetNamespace") or obj.namespace)
    yield from _secret_key_refs(obj.spec.get("values"), ("spec", "values"), namespace)


def _secret_key_refs(node: Any, at: Path, namespace: str) -> Iterator[Ref]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "secretKeyRef" and isinstance(value, Mapping):
                yield Ref((*at, key, "name"), "Secret", namespace, _name(value), f"key {value.get('key')}", "values")
            else:
                yield from _secret_key_refs(value, (*at, str(key)), namespace)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _secret_key_refs(item, (*at, i), namespace)


def _admission_binding(obj: Obj) -> Iterator[Ref]:
    policy = str(obj.spec.get("policyName") or "")
    yield Ref(("spec", "policyName"), "ValidatingAdmissionPolicy", "", policy, "policy")
    param = obj.spec.get("paramRef") or {}
    if param.get("name") and param.get("namespace"):
        # the parameter's kind is the policy's paramKind; ConfigMap is the only one the platform uses
        yield Ref(("spec", "paramRef", "name"), "ConfigMap", str(param["namespace"]), _name(param), "parameters")


def _velero(obj: Obj) -> Iterator[Ref]:
    location = dig(obj.spec, "template", "storageLocation")
    at = ("spec", "template", "storageLocation")
    yield Ref(at, "BackupStorageLocation", obj.namespace, str(location or ""), "storage location")
    for i, namespace in enumerate(dig(obj.spec, "template", "includedNamespaces") or []):
        if namespace != "*":
            yield Ref((*at[:2], "includedNamespaces", i), "Namespace", "", str(namespace), "backed-up namespace")
    yield Ref(("spec", "credential", "name"), "Secret", obj.namespace, _name(obj.spec.get("credential")), "credentials")


def _external_secret(obj: Obj) -> Iterator[Ref]:
    store = obj.spec.get("secretStoreRef") or {}
    kind = str(store.get("kind") or "SecretStore")
    yield Ref(("spec", "secretStoreRef"), kind, obj.namespace if kind == "SecretStore" else "", _name(store), "store")


def _secret_store(obj: Obj) -> Iterator[Ref]:
    for provider, config in (obj.spec.get("provider") or {}).items():
        for at in (
            ("serviceAccountRef",),
            ("auth", "jwt", "serviceAccountRef"),
            ("auth", "workloadIdentity", "serviceAccountRef"),
        ):
            account = dig(config, *at)
            if isinstance(account, Mapping):
                ns = str(account.get("namespace") or obj.namespace)
                yield Ref(("spec", "provider", provider, *at), "ServiceAccount", ns, _name(account), "identity")


def _target_group_binding(obj: Obj) -> Iterator[Ref]:
    service = obj.spec.get("serviceRef") or {}
    yield Ref(("spec", "serviceRef", "name"), "Service", obj.namespace, _name(service), "target Service")


#: The references of each kind besides its pods'.
EXTRACTORS: dict[str, Extractor] = {
    "PersistentVolumeClaim": _claims,
    "StatefulSet": _claims,
    "HorizontalPodAutoscaler": _scale_target,
    "RoleBinding": _binding,
    "ClusterRoleBinding": _binding,
    "Ingress": _ingress,
    "Certificate": _certificate,
    "Gateway": _istio_gateway,
    "VirtualService": _virtual_service,
    "Kustomization": _flux,
    "HelmRelease": _helm_release,
    "GitRepository": _flux,
    "HelmRepository": _flux,
    "OCIRepository": _flux,
    "ValidatingAdmissionPolicyBinding": _admission_binding,
    "Schedule": _velero,
    "BackupStorageLocation": _velero,
    "ExternalSecret": _external_secret,
    "SecretStore": _secret_store,
    "ClusterSecretStore": _secret_store,
    "TargetGroupBinding": _target_group_binding,
}
