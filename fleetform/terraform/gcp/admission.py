"""Binary Authorization: GKE admits an image only if it comes from a registry the platform trusts.

The project's policy (one per project; each environment has its own project) denies by default and allows
the registries of the platform's own images (from settings) and of the controllers the ``controllers``
layer installs with Helm (:data:`CONTROLLER_REGISTRIES`); Google's own GKE system images are allowed by
the global policy. The cluster evaluates it at every Pod creation, on the nodes' side of admission, so it
also covers what the ValidatingAdmissionPolicies do not see (the charts' images, anything created by hand).

Enforcement follows the admission policies' setting: block and audit-log where they ``Deny`` (production),
audit-log only (dry run) elsewhere. An allowlist by registry is not a signature check: attestations need
a signing pipeline, which the platform's images do not have yet (written as a gap in the README). The
Binary Authorization API must be enabled in each project, as the other services' APIs are (out of band).
"""

from __future__ import annotations

from cdktn_provider_google.binary_authorization_policy import (
    BinaryAuthorizationPolicy,
    BinaryAuthorizationPolicyAdmissionWhitelistPatterns,
)
from constructs import Construct

from fleetform.terraform.context import StackContext

#: Registries of Flux and of the charts in fleetform/k8s/charts/controllers.py at their pinned versions, with
#: their default image values (``*``: any image directly in that folder, or the rest of the last path part).
#: Docker Hub images are named with docker.io (the charts spell it out). Never a whole public registry: a
#: folder per publisher. Velero's CRD upgrade job runs registry.k8s.io/kubectl, which the kubectl image's
#: pattern covers.
CONTROLLER_REGISTRIES = (
    "ghcr.io/fluxcd/*",  # Flux controllers (the flux layer) and Flagger (ghcr.io/fluxcd/flagger)
    "registry.istio.io/release/*",  # istiod, proxyv2 (every sidecar), install-cni: Istio 1.30's registry
    "quay.io/jetstack/*",  # cert-manager
    "quay.io/prometheus/*",  # Prometheus, Alertmanager, node-exporter
    "quay.io/prometheus-operator/*",  # the operator and its config reloader
    "registry.k8s.io/kube-state-metrics/*",  # kube-state-metrics
    "ghcr.io/jkroepke/kube-webhook-certgen*",  # the Prometheus operator's webhook certificates job
    "docker.io/grafana/*",  # Grafana (kube-prometheus-stack)
    "quay.io/kiwigrid/*",  # Grafana's dashboard sidecar
    "docker.io/velero/*",  # Velero and its GCP plugin
    "ghcr.io/external-secrets/*",  # External Secrets Operator (controller, webhook, cert controller)
    "ghcr.io/open-telemetry/opentelemetry-collector-releases/*",  # the OpenTelemetry Collector (k8s distribution)
    "docker.io/jaegertracing/*",  # Jaeger v2
    "cr.fluentbit.io/fluent/*",  # Fluent Bit
    "docker.io/falcosecurity/falco*",  # Falco (runtime security): its image only is used
)


def allowed_patterns(ctx: StackContext) -> list[str]:
    """The allowlist: each platform image's folder and the kubectl image the off-hours scaler runs, then the
    controllers' registries, without repeats."""
    images = ctx.cluster.platform.images
    folders = [image.repository.rsplit("/", 1)[0] + "/*" for image in (images.api, images.worker, images.retraining)]
    return list(dict.fromkeys([*folders, images.kubectl.repository + "*", *CONTROLLER_REGISTRIES]))


def build_binary_authorization(scope: Construct, ctx: StackContext) -> None:
    enforce = "Deny" in ctx.cluster.env.admission_actions
    BinaryAuthorizationPolicy(
        scope,
        "binauthz",
        project=ctx.account,
        description=f"{ctx.prefix}: images from the platform's trusted registries only",
        global_policy_evaluation_mode="ENABLE",
        default_admission_rule={
            "evaluation_mode": "ALWAYS_DENY",
            "enforcement_mode": "ENFORCED_BLOCK_AND_AUDIT_LOG" if enforce else "DRYRUN_AUDIT_LOG_ONLY",
        },
        admission_whitelist_patterns=[
            BinaryAuthorizationPolicyAdmissionWhitelistPatterns(name_pattern=pattern)
            for pattern in allowed_patterns(ctx)
        ],
    )
