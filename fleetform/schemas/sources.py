"""Where each bundled CRD schema comes from: the registry ``fleetform schemas regenerate`` rebuilds.

``MODELS`` maps a cloudcoil model module (pip package ``cloudcoil-models-*``) to the kinds fleetform emits;
CRD YAML files in ``fleetform/schemas/sources/`` (added by ``fleetform schemas import``) are converted too.
"""

from __future__ import annotations

MODELS: dict[str, tuple[str, ...]] = {
    # Flux (cloudcoil-models-fluxcd)
    "cloudcoil.models.fluxcd.source.v1": ("GitRepository", "HelmRepository", "HelmChart", "Bucket"),
    "cloudcoil.models.fluxcd.source.v1beta2": ("OCIRepository",),
    "cloudcoil.models.fluxcd.kustomize.v1": ("Kustomization",),
    "cloudcoil.models.fluxcd.helm.v2": ("HelmRelease",),
    # Istio (cloudcoil-models-istio)
    "cloudcoil.models.istio.security.v1": (
        "PeerAuthentication",
        "AuthorizationPolicy",
        "RequestAuthentication",
    ),
    "cloudcoil.models.istio.networking.v1": ("Gateway", "VirtualService", "DestinationRule", "ServiceEntry"),
    # cert-manager (cloudcoil-models-cert-manager)
    "cloudcoil.models.cert_manager.v1": ("Certificate", "Issuer", "ClusterIssuer"),
    # Prometheus operator (cloudcoil-models-prometheus-operator)
    "cloudcoil.models.prometheus_operator.v1": ("ServiceMonitor", "PodMonitor", "PrometheusRule"),
    # Velero (cloudcoil-models-velero)
    "cloudcoil.models.velero.v1": ("Schedule", "BackupStorageLocation"),
}
