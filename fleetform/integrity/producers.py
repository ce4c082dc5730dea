"""What each installed chart makes at run time that the tree refers to: workloads and their pod labels,
Services, ServiceAccounts, Secrets, CRD groups and what its controllers serve. One entry per chart (the
name of ``spec.chart.spec.chart``), each with where its facts come from: the chart's templates, read at
the versions named (the pins of today and of the next bump; a fact that differs between them is read from
the release's values the way the template does). Objects of the tree that make others (a Certificate's
Secret) are in :mod:`fleetform.integrity.made`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fleetform.integrity import capabilities as cap
from fleetform.integrity.world import Capability, Produced, Production, Release

#: ``tolerations`` of the charts' DaemonSets that run on every node (taints of any key).
EVERY_NODE = ({"operator": "Exists", "effect": "NoSchedule"}, {"operator": "Exists", "effect": "NoExecute"})


@dataclass(frozen=True)
class ChartFacts:
    """``source``: the chart's repository and templates the facts were read from, at ``versions``."""

    source: str
    versions: str
    produce: Callable[[Release], Production]
    crd_groups: tuple[str, ...] = ()


def fullname(release: Release, chart: str, limit: int = 63) -> str:
    """Helm's usual ``<chart>.fullname``: the release name when it contains the chart name, else
    ``<release>-<chart>``; ``fullnameOverride`` wins; cut to ``limit`` characters."""
    override = release.value("fullnameOverride")
    if override:
        return str(override)[:limit].rstrip("-")
    name = str(release.value("nameOverride") or chart)
    return (release.name if name in release.name else f"{release.name}-{name}")[:limit].rstrip("-")


def _service(name: str, ports: Any, selector: Mapping[str, str], **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": name}, "spec": {"ports": ports, "selector": dict(selector), **spec}}


def _account(release: Release, name: str, fact: str, at: tuple[str, ...]) -> Produced:
    """A chart's ServiceAccount named ``name``, annotated from ``spec.values.<at>.annotations``."""
    annotations = release.value(*at, "annotations") or {}
    data = {"metadata": {"name": name, "annotations": annotations}}
    return release.produced("ServiceAccount", name, fact, data=data, at=(*at, "annotations"))


def _crds(release: Release, groups: tuple[str, ...], installed: bool = True) -> tuple[Capability, ...]:
    return tuple(Capability(cap.crd(g), release.by) for g in groups) if installed else ()


def _istio_gateway(r: Release) -> Production:
    fact = "istio/istio manifests/charts/gateway/templates/{deployment,service}.yaml, _helpers.tpl"
    name = str(r.value("name") or r.name)
    labels = dict(r.value("labels") or {})
    selector = {"app": str(labels.get("app") or name), "istio": str(labels.get("istio") or name.removeprefix("istio-"))}
    pod_labels = {**labels, **selector, "app.kubernetes.io/name": name, "sidecar.istio.io/inject": "true"}
    annotations = {**(r.value("annotations") or {}), **(r.value("service", "annotations") or {})}
    ports = r.value("service", "ports") or [
        {"name": "status-port", "port": 15021, "targetPort": 15021},
        {"name": "http2", "port": 80, "targetPort": 80},
        {"name": "https", "port": 443, "targetPort": 443},
    ]
    spec = {"type": r.value("service", "type", default="LoadBalancer")}
    if r.value("service", "loadBalancerIP"):
        spec["loadBalancerIP"] = r.value("service", "loadBalancerIP")
    service = _service(name, ports, selector, **spec)
    service["metadata"]["annotations"] = annotations
    # istiod injects the gateway's readiness probe: GET /healthz/ready on the status port 15021
    # (manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml)
    health = {"readinessProbe": {"httpGet": {"path": "/healthz/ready", "port": 15021}}}
    return Production(
        objects=(
            r.produced("Service", name, fact, data=service, at=("service",)),
            _account(r, str(r.value("serviceAccount", "name") or name), fact, ("serviceAccount",)),
        ),
        pods=(r.pod("Deployment", name, pod_labels, {"containers": [{"name": "istio-proxy", **health}]}),),
    )


def _istiod(r: Release) -> Production:
    fact = "istio/istio manifests/charts/istio-control/istio-discovery/templates/deployment.yaml, service.yaml"
    revision = str(r.value("revision") or "")
    name = f"istiod-{revision}" if revision else "istiod"
    labels = {"app": "istiod", "istio": "istiod" if revision else "pilot", "istio.io/rev": revision or "default"}
    labels |= {"app.kubernetes.io/name": "istiod", "sidecar.istio.io/inject": "false"}
    ports = [{"name": n, "port": p} for n, p in (("grpc-xds", 15010), ("https-dns", 15012), ("https-webhook", 443))]
    # the mesh's default ingress class is "istio" (pkg/config/mesh/mesh.go: IngressClass, IngressControllerMode STRICT)
    ingress = str(r.value("meshConfig", "ingressClass") or "istio")
    serves = () if r.value("meshConfig", "ingressControllerMode") == "OFF" else (cap.ingress_class(ingress),)
    return Production(
        objects=(
            r.produced(
                "Service", name, fact, data=_service(name, [*ports, {"name": "http-monitoring", "port": 15014}], labels)
            ),
            r.produced("ServiceAccount", name, fact),
        ),
        pods=(r.pod("Deployment", name, labels),),
        capabilities=tuple(Capability(c, r.by) for c in (cap.SIDECAR_INJECTOR, *serves)),
    )


def _istio_cni(r: Release) -> Production:
    fact = "istio/istio manifests/charts/istio-cni/templates/daemonset.yaml, values.yaml (tolerations)"
    labels = {"k8s-app": "istio-cni-node", "app.kubernetes.io/name": "istio-cni", "sidecar.istio.io/inject": "false"}
    tolerations = r.value("tolerations", default=[*EVERY_NODE, {"key": "CriticalAddonsOnly", "operator": "Exists"}])
    return Production(
        objects=(r.produced("ServiceAccount", "istio-cni", fact),),
        pods=(r.pod("DaemonSet", "istio-cni-node", labels, {"tolerations": tolerations}),),
    )


def _istio_base(r: Release) -> Production:
    # CRDs: manifests/charts/base crds/crd-all.gen.yaml (1.24.2), templates/crds.yaml (1.30.3)
    return Production(capabilities=_crds(r, ISTIO_GROUPS))


def _cert_manager(r: Release) -> Production:
    fact = "cert-manager/cert-manager deploy/charts/cert-manager/templates/{,webhook-,cainjector-}deployment.yaml"
    base = fullname(r, "cert-manager")
    pods, objects = [], []
    for part, suffix in (("controller", ""), ("webhook", "-webhook"), ("cainjector", "-cainjector")):
        label = "cert-manager" if part == "controller" else part
        labels = {"app": label, "app.kubernetes.io/name": label, "app.kubernetes.io/instance": r.name}
        labels["app.kubernetes.io/component"] = part
        pods.append(r.pod("Deployment", base + suffix, labels))
        objects.append(r.produced("ServiceAccount", base + suffix, fact))
    webhook = {"app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": r.name}
    objects.append(
        r.produced("Service", f"{base}-webhook", fact, data=_service(f"{base}-webhook", [{"port": 443}], webhook))
    )
    # CRD templates are wrapped in `if or .Values.crds.enabled .Values.installCRDs` (v1.17.1, v1.21.1)
    installed = bool(r.value("crds", "enabled") or r.value("installCRDs"))
    return Production(
        objects=tuple(objects),
        pods=tuple(pods),
        capabilities=(Capability(cap.CERT_MANAGER, r.by), *_crds(r, CERT_MANAGER_GROUPS, installed)),
    )


def _kube_prometheus_stack(r: Release) -> Production:
    from fleetform.integrity.monitoring import prometheus_stack

    return prometheus_stack(r, fullname(r, "kube-prometheus-stack", 26))


def _velero(r: Release) -> Production:
    fact = "vmware-tanzu/helm-charts charts/velero/templates/deployment.yaml, _helpers.tpl (serverServiceAccount)"
    name = fullname(r, "velero")
    labels = {"name": "velero", "app.kubernetes.io/name": str(r.value("nameOverride") or "velero")}
    labels |= {"app.kubernetes.io/instance": r.name, **(r.value("podLabels") or {})}
    account = str(r.value("serviceAccount", "server", "name") or f"{name}-server")
    images = [str(c.get("image", "")) for c in r.value("initContainers", default=[]) if isinstance(c, Mapping)]
    plugins = {
        "aws": "velero-plugin-for-aws",
        "gcp": "velero-plugin-for-gcp",
        "azure": "velero-plugin-for-microsoft-azure",
    }
    served = [p for p, image in plugins.items() if any(f"/{image}:" in i or i.startswith(f"{image}:") for i in images)]
    return Production(
        objects=(_account(r, account, fact, ("serviceAccount", "server")),),
        pods=(r.pod("Deployment", name, labels),),
        capabilities=(*_crds(r, VELERO_GROUPS), *(Capability(cap.velero_plugin(p), r.by) for p in served)),
    )


def _aws_load_balancer_controller(r: Release) -> Production:
    fact = "aws/eks-charts stable/aws-load-balancer-controller templates/deployment.yaml, values.yaml"
    name = fullname(r, "aws-load-balancer-controller")
    labels = {"app.kubernetes.io/name": str(r.value("nameOverride") or "aws-load-balancer-controller")}
    serves = [cap.AWS_LOAD_BALANCER_CONTROLLER, cap.load_balancer_class("service.k8s.aws/nlb")]
    if r.value("createIngressClassResource", default=True):
        serves.append(cap.ingress_class(str(r.value("ingressClass") or "alb")))
    return Production(
        objects=(_account(r, str(r.value("serviceAccount", "name") or name), fact, ("serviceAccount",)),),
        pods=(r.pod("Deployment", name, labels | {"app.kubernetes.io/instance": r.name}),),
        capabilities=(
            *(Capability(c, r.by) for c in serves),
            *_crds(r, AWS_LOAD_BALANCER_CONTROLLER_GROUPS),
        ),
    )


def _external_secrets(r: Release) -> Production:
    fact = "external-secrets/external-secrets deploy/charts/external-secrets templates/deployment.yaml"
    name = fullname(r, "external-secrets")
    labels = {"app.kubernetes.io/name": "external-secrets", "app.kubernetes.io/instance": r.name}
    installed = bool(r.value("installCRDs", default=True))
    return Production(
        objects=(_account(r, str(r.value("serviceAccount", "name") or name), fact, ("serviceAccount",)),),
        pods=(r.pod("Deployment", name, labels),),
        capabilities=(
            Capability(cap.EXTERNAL_SECRETS, r.by),
            *_crds(r, EXTERNAL_SECRETS_GROUPS, installed),
        ),
    )


def _node_autoscaler(chart: str, groups: tuple[str, ...]) -> Callable[[Release], Production]:
    def produce(r: Release) -> Production:
        name = fullname(r, chart)
        fact = f"chart {chart} templates/deployment.yaml"
        labels = {"app.kubernetes.io/name": chart, "app.kubernetes.io/instance": r.name}
        return Production(
            objects=(_account(r, str(r.value("serviceAccount", "name") or name), fact, ("serviceAccount",)),),
            pods=(r.pod("Deployment", name, labels),),
            capabilities=(Capability(cap.NODE_AUTOSCALER, r.by), *_crds(r, groups)),
        )

    return produce


def _nvidia_device_plugin(r: Release) -> Production:
    # default tolerations: CriticalAddonsOnly and nvidia.com/gpu (NoSchedule), NVIDIA/k8s-device-plugin values.yaml
    default = [
        {"key": "CriticalAddonsOnly", "operator": "Exists"},
        {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
    ]
    labels = {"app.kubernetes.io/name": "nvidia-device-plugin", "app.kubernetes.io/instance": r.name}
    spec = {"tolerations": r.value("tolerations", default=default)}
    return Production(
        pods=(r.pod("DaemonSet", fullname(r, "nvidia-device-plugin"), labels, spec),),
        capabilities=(Capability(cap.GPU_DEVICE_PLUGIN, r.by),),
    )


def _telemetry(chart: str) -> Callable[[Release], Production]:
    def produce(r: Release) -> Production:
        from fleetform.integrity.telemetry import PRODUCERS

        return PRODUCERS[chart](r, fullname(r, chart))

    return produce


def _falco(r: Release) -> Production:
    fact = "falcosecurity/charts charts/falco templates/{daemonset,deployment,serviceaccount}.yaml, _helpers.tpl"
    name = fullname(r, "falco")
    labels = {"app.kubernetes.io/name": str(r.value("nameOverride") or "falco"), "app.kubernetes.io/instance": r.name}
    # default tolerations: the control plane's taints (NoSchedule), falcosecurity/charts charts/falco values.yaml
    default = [
        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/master"},
        {"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"},
    ]
    kind = "Deployment" if r.value("controller", "kind") == "deployment" else "DaemonSet"
    objects: tuple[Produced, ...] = ()
    if r.value("serviceAccount", "create", default=True):
        objects = (_account(r, str(r.value("serviceAccount", "name") or name), fact, ("serviceAccount",)),)
    return Production(
        objects=objects, pods=(r.pod(kind, name, labels, {"tolerations": r.value("tolerations", default=default)}),)
    )


def _flagger(r: Release) -> Production:
    fact = "fluxcd/flagger charts/flagger templates/deployment.yaml, account.yaml, _helpers.tpl"
    name = fullname(r, "flagger")
    labels = {"app.kubernetes.io/name": str(r.value("nameOverride") or "flagger"), "app.kubernetes.io/instance": r.name}
    created = r.value("serviceAccount", "create", default=True)
    account = str(r.value("serviceAccount", "name") or name) if created else ""
    return Production(
        objects=(_account(r, account, fact, ("serviceAccount",)),) if account else (),
        pods=(r.pod("Deployment", name, {**labels, **(r.value("podLabels") or {})}),),
        capabilities=_crds(r, FLAGGER_GROUPS),
    )


def _crds_only(groups: tuple[str, ...]) -> Callable[[Release], Production]:
    return lambda r: Production(capabilities=_crds(r, groups))


#: The API groups of the CRDs each chart installs (read from the charts' CRD files at the versions named).
ISTIO_GROUPS = ("networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io")
CERT_MANAGER_GROUPS = ("cert-manager.io", "acme.cert-manager.io")
PROMETHEUS_OPERATOR_GROUPS = ("monitoring.coreos.com",)
VELERO_GROUPS = ("velero.io",)
AWS_LOAD_BALANCER_CONTROLLER_GROUPS = ("elbv2.k8s.aws", "aga.k8s.aws", "gateway.k8s.aws")
EXTERNAL_SECRETS_GROUPS = ("external-secrets.io", "generators.external-secrets.io")
KARPENTER_GROUPS = ("karpenter.sh", "karpenter.k8s.aws")
FLAGGER_GROUPS = ("flagger.app",)

#: Every chart the gate knows, by chart name.
CHARTS: dict[str, ChartFacts] = {
    "base": ChartFacts("istio/istio manifests/charts/base", "1.24.2, 1.30.3", _istio_base, ISTIO_GROUPS),
    "cni": ChartFacts("istio/istio manifests/charts/istio-cni", "1.24.2, 1.30.3", _istio_cni),
    "istiod": ChartFacts("istio/istio manifests/charts/istio-control/istio-discovery", "1.24.2, 1.30.3", _istiod),
    "gateway": ChartFacts("istio/istio manifests/charts/gateway", "1.24.2, 1.30.3", _istio_gateway),
    "cert-manager": ChartFacts(
        "cert-manager/cert-manager deploy/charts/cert-manager", "v1.17.1, v1.21.1", _cert_manager, CERT_MANAGER_GROUPS
    ),
    "kube-prometheus-stack": ChartFacts(
        "prometheus-community/helm-charts charts/kube-prometheus-stack",
        "69.8.2, 88.5.3",
        _kube_prometheus_stack,
        PROMETHEUS_OPERATOR_GROUPS,
    ),
    "velero": ChartFacts("vmware-tanzu/helm-charts charts/velero", "8.5.0, 12.1.0", _velero, VELERO_GROUPS),
    "aws-load-balancer-controller": ChartFacts(
        "aws/eks-charts stable/aws-load-balancer-controller",
        "3.5.0",
        _aws_load_balancer_controller,
        AWS_LOAD_BALANCER_CONTROLLER_GROUPS,
    ),
    "external-secrets": ChartFacts(
        "external-secrets/external-secrets deploy/charts/external-secrets",
        "2.9.0",
        _external_secrets,
        EXTERNAL_SECRETS_GROUPS,
    ),
    "karpenter": ChartFacts(
        "aws/karpenter-provider-aws charts/karpenter",
        "1.14.1",
        _node_autoscaler("karpenter", KARPENTER_GROUPS),
        KARPENTER_GROUPS,
    ),
    "karpenter-crd": ChartFacts(
        "aws/karpenter-provider-aws charts/karpenter-crd", "1.14.1", _crds_only(KARPENTER_GROUPS), KARPENTER_GROUPS
    ),
    "cluster-autoscaler": ChartFacts(
        "kubernetes/autoscaler charts/cluster-autoscaler", "9.59.0", _node_autoscaler("cluster-autoscaler", ())
    ),
    "nvidia-device-plugin": ChartFacts("NVIDIA/k8s-device-plugin deployments/helm", "0.20.0", _nvidia_device_plugin),
    "opentelemetry-collector": ChartFacts(
        "open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector",
        "0.170.0",
        _telemetry("opentelemetry-collector"),
    ),
    "jaeger": ChartFacts("jaegertracing/helm-charts charts/jaeger", "4.11.1", _telemetry("jaeger")),
    "fluent-bit": ChartFacts("fluent/helm-charts charts/fluent-bit", "0.58.1", _telemetry("fluent-bit")),
    "falco": ChartFacts("falcosecurity/charts charts/falco", "9.1.0", _falco),
    "flagger": ChartFacts("fluxcd/flagger charts/flagger", "1.44.0", _flagger, FLAGGER_GROUPS),
}


def chart_production(release: Release) -> Production:
    """What ``release``'s chart makes (nothing for a chart the gate does not know)."""
    facts = CHARTS.get(release.chart)
    return facts.produce(release) if facts is not None else Production()


def charts_serving(group: str) -> list[str]:
    """The known charts that install the CRDs of API group ``group`` (for the fix a message proposes)."""
    return [chart for chart, facts in sorted(CHARTS.items()) if group in facts.crd_groups]
