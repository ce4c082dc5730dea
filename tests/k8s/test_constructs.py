"""One "defaults" snapshot per construct, plus targeted assertions and every prop check's message."""

from __future__ import annotations

from typing import Any

import pytest

from fleetform.errors import PropError
from fleetform.k8s.constructs.autoscaler import Autoscaler
from fleetform.k8s.constructs.config_map import SettingsConfigMap
from fleetform.k8s.constructs.deployment import CacheVolume, ServingDeployment
from fleetform.k8s.constructs.disruption_budget import DisruptionBudget
from fleetform.k8s.constructs.namespace import PlatformNamespace
from fleetform.k8s.constructs.network_policies import DataServices, NamespaceFirewall
from fleetform.k8s.constructs.off_hours import OffHoursScaler
from fleetform.k8s.constructs.priority_class import ServingPriorityClass
from fleetform.k8s.constructs.retraining import RetrainingJob
from fleetform.k8s.constructs.service import ServingService
from fleetform.k8s.constructs.service_account import WorkloadServiceAccount
from fleetform.k8s.constructs.storage_class import SsdStorageClass
from fleetform.k8s.pod import GpuPlacement
from fleetform.settings.model import Resources
from tests.k8s.snapshot import IMAGE, LABELS, assert_snapshot, synth

DEPLOYMENT: dict[str, Any] = dict(
    name="api",
    namespace="ml-production",
    labels=LABELS,
    image=IMAGE,
    port=8080,
    resources=Resources(),
    service_account="ml-platform",
    config_map="ml-platform-settings",
    config_checksum="c0ffee",
    secret="ml-platform-connections",
    priority_class="ml-platform-serving",
    zone_spread="DoNotSchedule",
)


def test_namespace_defaults() -> None:
    objs = synth(lambda c: PlatformNamespace(c, "ns", name="ml-production", labels=LABELS, pss_version="v1.32"))
    assert_snapshot("namespace", objs)
    assert objs[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_namespace_rejects_bad_version() -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: PlatformNamespace(c, "ns", name="ml", labels=LABELS, pss_version="1.32"))
    assert info.value.message == "PlatformNamespace 'ml': 'pss_version' ('1.32') must look like 'v1.32'"


def test_service_account_defaults() -> None:
    objs = synth(
        lambda c: WorkloadServiceAccount(
            c,
            "sa",
            name="ml-platform",
            namespace="ml-production",
            labels=LABELS,
            annotations={"eks.amazonaws.com/role-arn": "arn:aws:iam::333333333333:role/x"},
        )
    )
    assert_snapshot("service_account", objs)
    assert objs[0]["automountServiceAccountToken"] is False


def test_config_map_defaults() -> None:
    objs = synth(
        lambda c: SettingsConfigMap(
            c,
            "cm",
            name="ml-platform-settings",
            namespace="ml-production",
            labels=LABELS,
            environment="production",
            log_level="INFO",
            workers=4,
            auto_retraining=True,
            gpu_acceleration=False,
            model_version="2026.11.1",
            feature_flags={"explanations": False, "batch_predictions": True},
        )
    )
    assert_snapshot("config_map", objs)
    assert objs[0]["data"] == {
        "ENABLE_AUTO_RETRAINING": "true",
        "ENABLE_GPU_ACCELERATION": "false",
        "FEATURE_BATCH_PREDICTIONS": "true",
        "FEATURE_EXPLANATIONS": "false",
        "ML_ENVIRONMENT": "production",
        "ML_LOG_LEVEL": "INFO",
        "ML_MODEL_VERSION": "2026.11.1",
        "ML_WORKERS": "4",
        "OTEL_TRACES_EXPORTER": "none",
    }


def test_config_map_rejects_bad_props() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: SettingsConfigMap(
                c,
                "cm",
                name="s",
                namespace="n",
                labels=LABELS,
                environment="e",
                log_level="INFO",
                workers=0,
                auto_retraining=True,
                gpu_acceleration=False,
                model_version="1",
                feature_flags={},
            )
        )
    assert info.value.message == "SettingsConfigMap 's': 'workers' (0) must be >= 1"


def test_deployment_defaults() -> None:
    objs = synth(lambda c: ServingDeployment(c, "d", **DEPLOYMENT))
    assert_snapshot("deployment", objs)
    spec = objs[0]["spec"]
    assert "replicas" not in spec
    assert spec["strategy"]["rollingUpdate"] == {"maxSurge": "25%", "maxUnavailable": 0}
    container = spec["template"]["spec"]["containers"][0]
    assert {"startupProbe", "livenessProbe", "readinessProbe"} <= set(container)
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert container["env"][0] == {
        "name": "OTEL_SERVICE_NAME",
        "valueFrom": {"fieldRef": {"fieldPath": "metadata.labels['app.kubernetes.io/name']"}},
    }
    assert [e["valueFrom"]["secretKeyRef"]["key"] for e in container["env"][1:]] == [
        "database-url",
        "redis-url",
        "kafka-bootstrap-servers",
    ]


def test_deployment_gpu_variant() -> None:
    gpu = GpuPlacement(2, {"cloud.google.com/gke-accelerator": "nvidia-l4"})
    objs = synth(
        lambda c: ServingDeployment(
            c, "d", **{**DEPLOYMENT, "gpu": gpu, "cache": CacheVolume("ml-ssd", "500Gi", "/models")}
        )
    )
    assert_snapshot("deployment_gpu", objs)
    pod = objs[0]["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"]["limits"]["nvidia.com/gpu"] == "2"
    assert pod["tolerations"] == [{"effect": "NoSchedule", "key": "nvidia.com/gpu", "operator": "Exists"}]
    assert pod["nodeSelector"] == {"cloud.google.com/gke-accelerator": "nvidia-l4"}
    claim = pod["volumes"][1]["ephemeral"]["volumeClaimTemplate"]["spec"]
    assert (claim["storageClassName"], claim["resources"]["requests"]["storage"]) == ("ml-ssd", "500Gi")


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        (
            "image",
            "ghcr.io/acme/api:1.4.2",
            "'image' ('ghcr.io/acme/api:1.4.2') must be pinned by digest ('<repo>:<tag>@sha256:<digest>')",
        ),
        ("port", 0, "'port' (0) must be between 1 and 65535"),
        ("zone_spread", "Maybe", "'zone_spread' ('Maybe') must be 'DoNotSchedule' or 'ScheduleAnyway'"),
        ("health_path", "healthz", "'health_path' ('healthz') must start with '/'"),
        (
            "termination_grace_seconds",
            5,
            "'termination_grace_seconds' (5) must be greater than the preStop sleep (10s)",
        ),
        (
            "metrics_port",
            15020,
            "'metrics_port' (15020) must be a free port between 1 and 65535 (not 'port', nor Istio's 15000-15090)",
        ),
    ],
)
def test_deployment_rejects_bad_props(prop: str, value: object, message: str) -> None:
    with pytest.raises(PropError) as info:
        synth(lambda c: ServingDeployment(c, "d", **{**DEPLOYMENT, prop: value}))
    assert info.value.message == f"ServingDeployment 'api': {message}"


def test_service_defaults_and_load_balancer() -> None:
    objs = synth(lambda c: ServingService(c, "s", name="api", namespace="ml-production", labels=LABELS))
    assert_snapshot("service", objs)
    lb = synth(
        lambda c: ServingService(
            c,
            "s",
            name="api",
            namespace="ml",
            labels=LABELS,
            type="LoadBalancer",
            annotations={"networking.gke.io/load-balancer-type": "Internal"},
        )
    )
    assert lb[0]["spec"]["type"] == "LoadBalancer"
    assert lb[0]["metadata"]["annotations"] == {"networking.gke.io/load-balancer-type": "Internal"}


def test_cluster_ip_service_takes_the_cloud_exposure_annotations() -> None:
    """GCP exposes a ClusterIP Service to its load balancer through standalone NEGs, named by annotation."""
    neg = '{"exposed_ports": {"80": {"name": "ml-platform-production-ingress"}}}'
    objs = synth(
        lambda c: ServingService(
            c, "s", name="api", namespace="ml", labels=LABELS, annotations={"cloud.google.com/neg": neg}
        )
    )
    assert objs[0]["spec"]["type"] == "ClusterIP"
    assert objs[0]["metadata"]["annotations"] == {"cloud.google.com/neg": neg}


def test_autoscaler_defaults() -> None:
    objs = synth(
        lambda c: Autoscaler(
            c,
            "h",
            target="api",
            namespace="ml-production",
            labels=LABELS,
            min_replicas=3,
            max_replicas=50,
            cpu_percent=70,
            memory_percent=80,
        )
    )
    assert_snapshot("autoscaler", objs)
    spec = objs[0]["spec"]
    assert (spec["minReplicas"], spec["maxReplicas"]) == (3, 50)
    assert [m["resource"]["target"]["averageUtilization"] for m in spec["metrics"]] == [70, 80]


def test_autoscaler_rejects_max_below_min() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: Autoscaler(
                c,
                "h",
                target="api",
                namespace="ml",
                labels=LABELS,
                min_replicas=3,
                max_replicas=2,
                cpu_percent=70,
                memory_percent=80,
            )
        )
    assert info.value.message == "Autoscaler 'api': 'max_replicas' (2) must be >= 'min_replicas' (3)"


def test_disruption_budget_defaults() -> None:
    objs = synth(lambda c: DisruptionBudget(c, "p", name="api", namespace="ml-production", labels=LABELS))
    assert_snapshot("disruption_budget", objs)
    with pytest.raises(PropError) as info:
        synth(lambda c: DisruptionBudget(c, "p", name="api", namespace="ml", labels=LABELS, max_unavailable=0))
    assert info.value.message == (
        "DisruptionBudget 'api': 'max_unavailable' (0) must be >= 1 (0 would block every node drain)"
    )


def test_priority_class_defaults() -> None:
    objs = synth(lambda c: ServingPriorityClass(c, "pc", name="ml-platform-serving", labels=LABELS))
    assert_snapshot("priority_class", objs)
    with pytest.raises(PropError) as info:
        synth(lambda c: ServingPriorityClass(c, "pc", name="x", labels=LABELS, value=2_000_000_000))
    assert info.value.message == "ServingPriorityClass 'x': 'value' (2000000000) must be between 1 and 1000000000"


def test_storage_class_defaults() -> None:
    objs = synth(
        lambda c: SsdStorageClass(
            c,
            "sc",
            name="ml-ssd",
            labels=LABELS,
            provisioner="ebs.csi.aws.com",
            parameters={"type": "gp3", "encrypted": "true"},
        )
    )
    assert_snapshot("storage_class", objs)
    assert objs[0]["volumeBindingMode"] == "WaitForFirstConsumer"


def _firewall(**overrides: Any) -> list[dict[str, Any]]:
    props: dict[str, Any] = dict(
        namespace="ml-production",
        labels=LABELS,
        ingress_namespace="istio-ingress",
        api="api",
        api_port=8080,
        worker="model-worker",
        worker_port=8081,
        data=DataServices("10.10.0.0/16", 5432, 6379, 9094),
        data_clients=["api", "model-worker"],
        object_storage_cidrs=["0.0.0.0/0"],
        object_storage_clients=["model-worker"],
        api_server_cidrs=["10.10.0.0/16"],
        api_server_clients=[],
        load_balancer_cidrs=[],
        metrics_port=9090,
        monitoring_namespace="monitoring",
        mesh_namespace="istio-system",
    )
    return synth(lambda c: NamespaceFirewall(c, "fw", **{**props, **overrides}))


def test_network_policies_defaults() -> None:
    objs = _firewall()
    assert_snapshot("network_policies", objs)
    assert [o["metadata"]["name"] for o in objs] == [
        "default-deny",
        "allow-dns",
        "allow-api-ingress",
        "allow-metrics",
        "allow-mesh-control-plane",
        "allow-api-to-worker",
        "allow-worker-from-api",
        "allow-data-services",
        "allow-object-storage",
    ]
    assert objs[0]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}


def test_network_policies_reject_bad_cidr() -> None:
    with pytest.raises(PropError) as info:
        _firewall(api_server_cidrs=["10.0.0.0/33"])
    assert info.value.message == (
        "NamespaceFirewall 'ml-production': 'api_server_cidrs' ('10.0.0.0/33') "
        "must be a network in CIDR notation such as '10.0.0.0/16'"
    )


def test_retraining_defaults() -> None:
    objs = synth(
        lambda c: RetrainingJob(
            c,
            "r",
            name="retraining",
            namespace="ml-production",
            labels=LABELS,
            image=IMAGE,
            schedule="0 3 * * 0",
            time_zone="Etc/UTC",
            resources=Resources(),
            service_account="ml-platform",
            config_map="ml-platform-settings",
            secret="ml-platform-connections",
        )
    )
    assert_snapshot("retraining", objs)
    assert objs[0]["spec"]["concurrencyPolicy"] == "Forbid"


def test_retraining_rejects_bad_schedule() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: RetrainingJob(
                c,
                "r",
                name="retraining",
                namespace="ml",
                labels=LABELS,
                image=IMAGE,
                schedule="weekly",
                time_zone="Etc/UTC",
                resources=Resources(),
                service_account="sa",
                config_map="cm",
                secret="s",
            )
        )
    assert info.value.message == (
        "RetrainingJob 'retraining': 'schedule' ('weekly') must be a five-field cron expression such as '0 3 * * 0'"
    )


def test_off_hours_scaler_defaults() -> None:
    objs = synth(
        lambda c: OffHoursScaler(
            c,
            "o",
            name="off-hours-scaler",
            namespace="ml-dev",
            labels=LABELS,
            image=IMAGE,
            targets={"api": 1, "model-worker": 2},
            scale_down="0 20 * * 1-5",
            scale_up="0 7 * * 1-5",
            time_zone="Etc/UTC",
        )
    )
    assert_snapshot("off_hours", objs)
    kinds = [o["kind"] for o in objs]
    assert kinds == ["ServiceAccount", "Role", "RoleBinding", "CronJob", "CronJob"]
    up = objs[4]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert [c["args"] for c in [*up["initContainers"], *up["containers"]]] == [
        ["scale", "--namespace=ml-dev", "--replicas=1", "deployment/api"],
        ["scale", "--namespace=ml-dev", "--replicas=2", "deployment/model-worker"],
    ]


def test_off_hours_scaler_rejects_zero_restore() -> None:
    with pytest.raises(PropError) as info:
        synth(
            lambda c: OffHoursScaler(
                c,
                "o",
                name="s",
                namespace="ml",
                labels=LABELS,
                image=IMAGE,
                targets={"api": 0},
                scale_down="0 20 * * 1-5",
                scale_up="0 7 * * 1-5",
                time_zone="Etc/UTC",
            )
        )
    assert info.value.message == "OffHoursScaler 's': 'targets['api']' (0) must be >= 1 (the replicas to restore)"
