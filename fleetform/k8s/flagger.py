"""Flagger, the progressive delivery controller of the Flux project: where its chart comes from, its values,
and the flows its namespace allows.

Why Flagger: it is Flux's own progressive delivery controller (the GitOps loop that applies ``dist/`` already
runs Flux), drives Istio's VirtualServices, which the platform's ingress already is, and judges a release
on Prometheus queries, which is where the platform's alert thresholds live. Argo Rollouts would need the
Deployment rewritten as its own Rollout kind, a second GitOps vocabulary beside Flux's.

Flagger watches every namespace (``namespace`` unset) for Canary objects; it calls only the Kubernetes API and
Prometheus (:data:`fleetform.k8s.names.PROMETHEUS_URL`); it needs no cloud identity. Its one replica is
enough: when it is down, rollouts pause and nothing else stops (the primary keeps serving).
"""

from __future__ import annotations

from typing import Any

from fleetform.k8s.constructs.controller_network_policies import Flows, PodPeer
from fleetform.k8s.constructs.progressive_delivery import SELECTOR_LABEL
from fleetform.k8s.names import MONITORING_NS, PROMETHEUS_PORT, PROMETHEUS_URL

#: The Helm repository of Flagger's chart (https://flagger.app, the chart's published index).
REPOSITORY = ("flagger", "https://flagger.app")
#: Flagger's image (the chart's default for its pinned version, written out so ``fleetform images`` and the
#: registry allowlists see it: GKE's Binary Authorization admits ``ghcr.io/fluxcd/*``).
IMAGE_REPOSITORY = "ghcr.io/fluxcd/flagger"
#: Prometheus's pods (kube-prometheus-stack's StatefulSet labels them so).
PROMETHEUS_PODS = (("app.kubernetes.io/name", "prometheus"),)


def values(version: str) -> dict[str, Any]:
    """The chart's values: Istio routing, the platform's Prometheus, :data:`SELECTOR_LABEL` as the primary's
    selector label, a container securityContext the ``restricted`` Pod Security level admits, and requests
    sized for one controller watching a handful of Canaries (the chart's default limits stay)."""
    return {
        "image": {"repository": IMAGE_REPOSITORY, "tag": version},
        "meshProvider": "istio",
        "metricsServer": PROMETHEUS_URL,
        "selectorLabels": SELECTOR_LABEL,
        # The chart's pod annotations ask Linkerd and App Mesh to inject their sidecars; neither runs here.
        "podAnnotations": {"prometheus.io/scrape": "true", "prometheus.io/port": "8080"},
        "securityContext": {
            "enabled": True,
            "context": {
                "readOnlyRootFilesystem": True,
                "runAsUser": 10001,
                "runAsNonRoot": True,
                "allowPrivilegeEscalation": False,
                "capabilities": {"drop": ["ALL"]},
                "seccompProfile": {"type": "RuntimeDefault"},
            },
        },
        "resources": {"requests": {"cpu": "10m", "memory": "32Mi"}, "limits": {"cpu": "1000m", "memory": "512Mi"}},
    }


def flows() -> Flows:
    """Flagger's namespace reaches Prometheus (beside the API server and DNS every controller gets)."""
    return Flows(egress_to=(PodPeer(MONITORING_NS, (PROMETHEUS_PORT,), PROMETHEUS_PODS),))
