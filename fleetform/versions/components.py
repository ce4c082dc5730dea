"""The explicit registry of third-party components whose versions fleetform pins and vendors data for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    """One pinned component.

    ``name`` is its id (the folder under ``vendored/`` and :attr:`Pin.component`), ``title`` how the README
    names it, ``setting`` where ``settings/platform.yaml`` pins it, ``charts`` the Helm charts it is
    installed from (each has a vendored values schema), ``crds`` whether it defines custom resources (each
    vendored version must then carry their schemas).
    """

    name: str
    title: str
    setting: str
    charts: tuple[str, ...] = ()
    crds: bool = False


def _chart(name: str, title: str, *, charts: tuple[str, ...] = (), crds: bool = True) -> Component:
    return Component(name, title, f"charts.{name.replace('-', '_')}", charts or (name,), crds)


#: Every component, in the order the README's table lists them. The Kubernetes minor is one setting
#: (``kubernetes_version``) but each cloud's managed service has its own support calendar: one component each
#: (:attr:`fleetform.clouds.Cloud.kubernetes_service` names it).
COMPONENTS: dict[str, Component] = {
    component.name: component
    for component in (
        Component("eks", "Kubernetes on Amazon EKS", "kubernetes_version"),
        Component("aks", "Kubernetes on Azure AKS", "kubernetes_version"),
        Component("gke", "Kubernetes on Google GKE", "kubernetes_version"),
        Component("flux", "Flux", "flux_version", crds=True),
        _chart("istio", "Istio", charts=("base", "cni", "istiod", "gateway")),
        _chart("cert-manager", "cert-manager"),
        _chart("kube-prometheus-stack", "kube-prometheus-stack (Prometheus operator)"),
        _chart("velero", "Velero"),
        _chart("external-secrets", "External Secrets Operator"),
        _chart("karpenter", "Karpenter", charts=("karpenter", "karpenter-crd")),
        _chart("aws-load-balancer-controller", "AWS Load Balancer Controller"),
        _chart("nvidia-device-plugin", "NVIDIA device plugin", crds=False),
        _chart("opentelemetry-collector", "OpenTelemetry Collector", crds=False),
        _chart("jaeger", "Jaeger", crds=False),
        _chart("fluent-bit", "Fluent Bit", crds=False),
        _chart("falco", "Falco", crds=False),
        _chart("flagger", "Flagger (progressive delivery)"),
    )
}


def component_of_chart(chart: str) -> Component | None:
    """The component installed from Helm chart ``chart`` (``istiod`` -> Istio), or None."""
    return next((c for c in COMPONENTS.values() if chart in c.charts), None)
