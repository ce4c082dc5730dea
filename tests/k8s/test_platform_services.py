"""Snapshots and prop checks of the custom-resource constructs: Flux, Helm, Istio, TLS, monitoring, Velero."""

from __future__ import annotations

import pytest

from fleetform.errors import PropError
from fleetform.k8s.constructs.backups import PlatformBackups
from fleetform.k8s.constructs.flux import FluxComponents, FluxSync
from fleetform.k8s.constructs.helm_release import ChartRelease, ChartRepository
from fleetform.k8s.constructs.ingress import AcmeIssuer, ApiGateway, ApiRoute
from fleetform.k8s.constructs.mesh import MeshAccess, StrictMtls
from fleetform.k8s.constructs.monitoring import PlatformAlerts, ServiceMetrics
from fleetform.k8s.constructs.target_group_binding import TargetGroupBinding
from fleetform.settings.services import Alerts, GitOps
from fleetform.versions.flux import flux_components
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

LAYERS = ["flux", "controllers", "configs", "apps"]


def test_flux_sync_defaults() -> None:
    objs = synth(
        lambda c: FluxSync(c, "f", labels=LABELS, git=GitOps(), cluster_path="./dist/k8s/aws-dev", layers=LAYERS)
    )
    assert_snapshot("flux_sync", objs)
    assert [(o["kind"], o["metadata"]["name"]) for o in objs] == [
        ("GitRepository", "fleetform"),
        ("Kustomization", "flux"),
        ("Kustomization", "controllers"),
        ("Kustomization", "configs"),
        ("Kustomization", "apps"),
    ]
    assert [o["spec"].get("dependsOn") for o in objs[1:]] == [
        None,
        None,
        [{"name": "controllers"}],
        [{"name": "configs"}],
    ]
    assert objs[0]["spec"]["ignore"] == "/*\n!/dist/k8s/aws-dev/\n"


def test_flux_sync_rejects_absolute_path() -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: FluxSync(c, "f", labels=LABELS, git=GitOps(), cluster_path="/dist", layers=LAYERS))
    assert info.value.message == "FluxSync: 'cluster_path' ('/dist') must be relative to the repository root ('./...')"


def test_flux_components_are_the_vendored_manifests_with_the_platform_labels() -> None:
    objs = synth(lambda c: FluxComponents(c, "f", labels=LABELS, objects=flux_components("v2.9.4"), version="v2.9.4"))
    assert [o["kind"] for o in objs[:6]] == [
        "Namespace",
        "NetworkPolicy",
        "NetworkPolicy",
        "NetworkPolicy",
        "ResourceQuota",
        "ClusterRole",
    ]
    assert len(objs) == 32
    deployment = next(o for o in objs if o["kind"] == "Deployment")
    assert deployment["metadata"]["labels"] == {
        "app.kubernetes.io/component": "source-controller",
        "app.kubernetes.io/instance": "flux-system",
        "app.kubernetes.io/managed-by": "fleetform",
        "app.kubernetes.io/name": "api",
        "app.kubernetes.io/part-of": "flux",
        "app.kubernetes.io/version": "v2.9.4",
        "control-plane": "controller",
    }
    assert [c["image"] for c in deployment["spec"]["template"]["spec"]["containers"]] == [
        "ghcr.io/fluxcd/source-controller:v1.9.4@sha256:8a8ed0a57b8b86f561d5a4309a69f65e62f0cebe4de8801593c5ff35a3bc3c23"
    ]


def test_flux_components_must_be_the_pinned_release() -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: FluxComponents(c, "f", labels=LABELS, objects=flux_components("v2.9.4"), version="v2.9.5"))
    assert info.value.message == (
        "FluxComponents: 'objects' ('Namespace flux-system') is labelled version 'v2.9.4', not 'v2.9.5'"
    )
    with pytest.raises(PropError) as info:
        synth(lambda c: FluxComponents(c, "f", labels=LABELS, objects=(), version="v2.9.4"))
    assert info.value.message == "FluxComponents: 'objects' ([]) must hold the install manifests of the Flux release"


def test_helm_repository_and_release_defaults() -> None:
    objs = synth(
        lambda c: (
            ChartRepository(
                c, "r", name="istio", url="https://istio-release.storage.googleapis.com/charts", labels=LABELS
            ),
            ChartRelease(
                c,
                "h",
                name="istio-ingressgateway",
                namespace="istio-ingress",
                labels=LABELS,
                chart="gateway",
                version="1.24.2",
                repository="istio",
                values={"service": {"type": "LoadBalancer"}},
                depends_on=["istio-system/istiod", "istio-cni"],
            ),
        )
    )
    assert_snapshot("helm", objs)
    assert objs[1]["spec"]["dependsOn"] == [{"namespace": "istio-system", "name": "istiod"}, {"name": "istio-cni"}]


def test_helm_release_rejects_a_version_range() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: ChartRelease(
                c,
                "h",
                name="velero",
                namespace="velero",
                labels=LABELS,
                chart="velero",
                version="8.x",
                repository="vmware-tanzu",
            )
        )
    assert info.value.message == "ChartRelease 'velero': 'version' ('8.x') must be an exact version such as 1.24.2"


def test_mesh_defaults() -> None:
    objs = synth(
        lambda c: (
            StrictMtls(c, "m", namespace="ml-production", labels=LABELS),
            StrictMtls(c, "w", namespace="ml-production", labels=LABELS, workload="api", plaintext_ports=[9090]),
            MeshAccess(
                c,
                "a",
                namespace="ml-production",
                labels=LABELS,
                api="api",
                worker="model-worker",
                ingress_namespace="istio-ingress",
                api_identity="cluster.local/ns/ml-production/sa/ml-platform",
                metrics_port=9090,
            ),
        )
    )
    assert_snapshot("mesh", objs)
    assert objs[0]["spec"] == {"mtls": {"mode": "STRICT"}}
    assert objs[1]["spec"]["portLevelMtls"] == {"9090": {"mode": "PERMISSIVE"}}
    assert objs[2]["metadata"]["name"] == "deny-by-default" and objs[2]["spec"] == {}


def test_mesh_refuses_namespace_wide_plaintext() -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: StrictMtls(c, "m", namespace="ml", labels=LABELS, plaintext_ports=[9090]))
    assert info.value.message == (
        "StrictMtls 'ml': 'plaintext_ports' ([9090]) need a 'workload': never open plaintext ports namespace-wide"
    )


def test_ingress_defaults() -> None:
    host = "api.production.aws.ml.acme.example"
    objs = synth(
        lambda c: (
            AcmeIssuer(
                c,
                "i",
                name="letsencrypt",
                labels=LABELS,
                email="oncall@acme.example",
                server="https://acme-v02.api.letsencrypt.org/directory",
            ),
            ApiGateway(
                c, "g", name="api-gateway", namespace="istio-ingress", labels=LABELS, host=host, issuer="letsencrypt"
            ),
            ApiRoute(
                c,
                "r",
                namespace="ml-production",
                labels=LABELS,
                host=host,
                gateway="istio-ingress/api-gateway",
                service="api",
                port=80,
                worker="model-worker",
            ),
        )
    )
    assert_snapshot("ingress", objs)
    assert objs[2]["spec"]["servers"][0]["tls"]["minProtocolVersion"] == "TLSV1_3"
    # Port 80 is where the public load balancer delivers (it has ended TLS): served, never redirected.
    assert objs[2]["spec"]["servers"][1] == {
        "port": {"number": 80, "name": "http", "protocol": "HTTP"},
        "hosts": [host],
    }


def test_gateway_rejects_uppercase_host() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: ApiGateway(
                c,
                "g",
                name="gw",
                namespace="istio-ingress",
                labels=LABELS,
                host="API.Example.com",
                issuer="letsencrypt",
            )
        )
    assert info.value.message == "ApiGateway 'gw': 'host' ('API.Example.com') must be a lowercase DNS name"


def test_monitoring_defaults_are_the_production_thresholds() -> None:
    objs = synth(
        lambda c: (
            ServiceMetrics(c, "s", name="api", namespace="ml-production", labels=LABELS),
            PlatformAlerts(
                c,
                "a",
                name="ml-platform-alerts",
                namespace="ml-production",
                labels=LABELS,
                api="api",
                workloads=["api", "model-worker"],
                alerts=Alerts(),
                runbooks="https://github.com/acme/fleetform/blob/main/docs/runbooks",
            ),
        )
    )
    assert_snapshot("monitoring", objs)
    rules = {r["alert"]: r for r in objs[1]["spec"]["groups"][0]["rules"]}
    assert sorted(rules) == [
        "MLCpuExhaustion",
        "MLHighErrorRate",
        "MLHighLatency",
        "MLLowModelAccuracy",
        "MLMemoryExhaustion",
        "MLServiceUnavailable",
    ]
    assert (rules["MLHighErrorRate"]["for"], rules["MLHighErrorRate"]["expr"].endswith("> 0.01")) == ("5m", True)
    assert (rules["MLHighLatency"]["for"], rules["MLHighLatency"]["expr"].endswith("> 0.5")) == ("3m", True)
    assert rules["MLLowModelAccuracy"]["expr"] == 'min(ml_model_accuracy{namespace="ml-production"}) < 0.95'
    app = 'namespace="ml-production",container!="",container!="istio-proxy"'
    assert rules["MLCpuExhaustion"]["expr"] == (
        f"sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{{{app}}}[5m]))\n"
        f'  / sum by (namespace, pod, container) (kube_pod_container_resource_limits{{{app},resource="cpu"}}) > 0.9'
    )
    assert rules["MLMemoryExhaustion"]["expr"] == (
        f"sum by (namespace, pod, container) (container_memory_working_set_bytes{{{app}}})\n"
        f'  / sum by (namespace, pod, container) (kube_pod_container_resource_limits{{{app},resource="memory"}})'
        " > 0.95"
    )
    assert rules["MLCpuExhaustion"]["annotations"] == {
        "summary": "A container uses more than 90% of its CPU limit",
        "runbook_url": "https://github.com/acme/fleetform/blob/main/docs/runbooks/MLCpuExhaustion.md",
        "description": "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is at"
        " {{ $value | humanizePercentage }} of its CPU limit",
    }


def test_backups_defaults() -> None:
    objs = synth(
        lambda c: PlatformBackups(
            c,
            "b",
            name="ml-production-daily",
            namespace="velero",
            labels=LABELS,
            provider="aws",
            bucket="acme-backups-production",
            config={"region": "us-east-1"},
            schedule="0 1 * * *",
            retention_days=30,
            namespaces=["ml-production"],
        )
    )
    assert_snapshot("backups", objs)
    assert objs[1]["spec"]["template"]["ttl"] == "720h0m0s"


def test_backups_reject_short_retention() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: PlatformBackups(
                c,
                "b",
                name="x",
                namespace="velero",
                labels=LABELS,
                provider="aws",
                bucket="b",
                config={},
                schedule="0 1 * * *",
                retention_days=3,
                namespaces=["ml"],
            )
        )
    assert info.value.message == "PlatformBackups 'x': 'retention_days' (3) must be >= 7 (a week of restore points)"


def test_target_group_binding_defaults() -> None:
    objs = synth(
        lambda c: TargetGroupBinding(
            c,
            "b",
            name="istio-ingressgateway",
            namespace="istio-ingress",
            labels=LABELS,
            service="istio-ingressgateway",
            port=80,
            target_group="ml-platform-production-api",
        )
    )
    assert_snapshot("target_group_binding", objs)


@pytest.mark.parametrize(
    ("target_group", "port", "message"),
    [
        (
            "ml-platform-production-api-gateway-01",
            80,
            "TargetGroupBinding 'gw': 'target_group' ('ml-platform-production-api-gateway-01') must be a target "
            "group name: 1-32 letters, digits or '-', not starting or ending with '-'",
        ),
        (
            "-api",
            80,
            "TargetGroupBinding 'gw': 'target_group' ('-api') must be a target group name: 1-32 letters, digits or "
            "'-', not starting or ending with '-'",
        ),
        ("api", 0, "TargetGroupBinding 'gw': 'port' (0) must be between 1 and 65535"),
    ],
)
def test_target_group_binding_rejects(target_group: str, port: int, message: str) -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: TargetGroupBinding(
                c, "b", name="gw", namespace="ns", labels=LABELS, service="gw", port=port, target_group=target_group
            )
        )
    assert info.value.message == message
