"""A zero-downtime, restricted, zone-spread Deployment: the inference API and the model workers."""

from __future__ import annotations

from dataclasses import dataclass

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s import pod
from fleetform.k8s.labels import AppLabels
from fleetform.settings.model import Resources

ZONE_KEY = "topology.kubernetes.io/zone"
HOST_KEY = "kubernetes.io/hostname"
PRE_STOP_SECONDS = 10
ISTIO_PORTS = range(15000, 15091)  # the sidecar's own ports


@dataclass(frozen=True)
class CacheVolume:
    """A per-pod SSD volume (generic ephemeral volume) of ``size`` from ``storage_class``."""

    storage_class: str
    size: str
    mount_path: str


class ServingDeployment(Construct):
    """Deployment ``name`` serving HTTP on ``port`` (named ``http``).

    Defaults: rolling update with ``maxUnavailable: 0`` and ``maxSurge: 25%`` (no capacity drop),
    ``minReadySeconds: 10``, a ``preStop`` sleep of 10 s so endpoints drain before SIGTERM, startup,
    readiness and liveness probes, spread across zones (``zone_spread``) and nodes, no replica count
    (the HPA owns it, so GitOps never fights the autoscaler), restricted security contexts, the
    ServiceAccount token not mounted. ``spot``: the ``(key, value)`` of the cloud's spot taint, tolerated
    (NoSchedule) when the Deployment may run on spot nodes; default: not tolerated.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        image: str,
        port: int,
        resources: Resources,
        service_account: str,
        config_map: str,
        config_checksum: str,
        secret: str,
        priority_class: str,
        zone_spread: str,
        health_path: str = "/healthz",
        ready_path: str = "/ready",
        gpu: pod.GpuPlacement | None = None,
        spot: tuple[str, str] | None = None,
        cache: CacheVolume | None = None,
        pod_labels: dict[str, str] | None = None,
        termination_grace_seconds: int = 60,
        metrics_port: int | None = 9090,
    ) -> None:
        super().__init__(scope, id)
        where = f"ServingDeployment '{name}'"
        _check(
            where,
            image=image,
            port=port,
            zone_spread=zone_spread,
            health_path=health_path,
            ready_path=ready_path,
            termination_grace_seconds=termination_grace_seconds,
            metrics_port=metrics_port,
        )
        ports = [k8s.ContainerPort(name="http", container_port=port, protocol="TCP")]
        if metrics_port is not None:
            ports.append(k8s.ContainerPort(name="metrics", container_port=metrics_port, protocol="TCP"))
        self.name = name
        tmp_volume, tmp_mount = pod.scratch_volume()
        volumes, mounts = [tmp_volume], [tmp_mount]
        if cache is not None:
            volumes.append(_cache_volume(cache))
            mounts.append(k8s.VolumeMount(name="model-cache", mount_path=cache.mount_path))
        container = _container(name, image, ports, resources, gpu, mounts, config_map, secret, health_path, ready_path)
        pod_spec = k8s.PodSpec(
            containers=[container],
            volumes=volumes,
            service_account_name=service_account,
            automount_service_account_token=False,
            security_context=pod.pod_security(),
            priority_class_name=priority_class,
            termination_grace_period_seconds=termination_grace_seconds,
            node_selector=dict(sorted(gpu.node_selector.items())) if gpu else None,
            tolerations=pod.tolerations(gpu, spot),
            topology_spread_constraints=_spread(labels, zone_spread),
        )
        template = k8s.PodTemplateSpec(
            metadata=k8s.ObjectMeta(
                labels={**labels.release, **(pod_labels or {})},
                annotations={"fleetform.io/config-checksum": config_checksum},
            ),
            spec=pod_spec,
        )
        k8s.KubeDeployment(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.release),
            spec=k8s.DeploymentSpec(
                selector=k8s.LabelSelector(match_labels=labels.selector),
                template=template,
                strategy=k8s.DeploymentStrategy(
                    type="RollingUpdate",
                    rolling_update=k8s.RollingUpdateDeployment(
                        max_surge=k8s.IntOrString.from_string("25%"), max_unavailable=k8s.IntOrString.from_number(0)
                    ),
                ),
                min_ready_seconds=10,
                progress_deadline_seconds=600,
                revision_history_limit=5,
            ),
        )


def _container(
    name: str,
    image: str,
    ports: list[k8s.ContainerPort],
    res: Resources,
    gpu: pod.GpuPlacement | None,
    mounts: list[k8s.VolumeMount],
    config_map: str,
    secret: str,
    health_path: str,
    ready_path: str,
) -> k8s.Container:
    env_from, env = pod.platform_env(config_map, secret)
    http = k8s.IntOrString.from_string("http")
    return k8s.Container(
        name=name,
        image=image,
        image_pull_policy="IfNotPresent",
        ports=ports,
        env_from=env_from,
        env=env,
        resources=pod.resources(res, gpu),
        security_context=pod.container_security(),
        volume_mounts=mounts,
        startup_probe=k8s.Probe(
            http_get=k8s.HttpGetAction(path=health_path, port=http), period_seconds=5, failure_threshold=60
        ),
        liveness_probe=k8s.Probe(
            http_get=k8s.HttpGetAction(path=health_path, port=http),
            period_seconds=10,
            timeout_seconds=2,
            failure_threshold=3,
        ),
        readiness_probe=k8s.Probe(
            http_get=k8s.HttpGetAction(path=ready_path, port=http),
            period_seconds=5,
            timeout_seconds=2,
            failure_threshold=3,
        ),
        lifecycle=k8s.Lifecycle(pre_stop=k8s.LifecycleHandler(sleep=k8s.SleepAction(seconds=PRE_STOP_SECONDS))),
    )


def _spread(labels: AppLabels, zone_spread: str) -> list[k8s.TopologySpreadConstraint]:
    """One pod per zone and per node at a time, counted per rollout (``pod-template-hash``)."""
    selector = k8s.LabelSelector(match_labels=labels.selector)
    return [
        k8s.TopologySpreadConstraint(
            max_skew=1,
            topology_key=key,
            when_unsatisfiable=when,
            label_selector=selector,
            match_label_keys=["pod-template-hash"],
        )
        for key, when in ((ZONE_KEY, zone_spread), (HOST_KEY, "ScheduleAnyway"))
    ]


def _cache_volume(cache: CacheVolume) -> k8s.Volume:
    claim = k8s.PersistentVolumeClaimSpec(
        access_modes=["ReadWriteOnce"],
        storage_class_name=cache.storage_class,
        resources=k8s.VolumeResourceRequirements(requests={"storage": k8s.Quantity.from_string(cache.size)}),
    )
    return k8s.Volume(
        name="model-cache",
        ephemeral=k8s.EphemeralVolumeSource(volume_claim_template=k8s.PersistentVolumeClaimTemplate(spec=claim)),
    )


def _check(
    where: str,
    *,
    image: str,
    port: int,
    zone_spread: str,
    health_path: str,
    ready_path: str,
    termination_grace_seconds: int,
    metrics_port: int | None,
) -> None:
    pod.check_pinned(where, image)
    if not 1 <= port <= 65535:
        raise PropError(where, "port", port, "must be between 1 and 65535")
    if metrics_port is not None and (metrics_port in (port, *ISTIO_PORTS) or not 1 <= metrics_port <= 65535):
        raise PropError(
            where,
            "metrics_port",
            metrics_port,
            "must be a free port between 1 and 65535 (not 'port', nor Istio's 15000-15090)",
        )
    if zone_spread not in ("DoNotSchedule", "ScheduleAnyway"):
        raise PropError(where, "zone_spread", zone_spread, "must be 'DoNotSchedule' or 'ScheduleAnyway'")
    for prop, path in (("health_path", health_path), ("ready_path", ready_path)):
        if not path.startswith("/"):
            raise PropError(where, prop, path, "must start with '/'")
    if termination_grace_seconds <= PRE_STOP_SECONDS:
        raise PropError(
            where,
            "termination_grace_seconds",
            termination_grace_seconds,
            f"must be greater than the preStop sleep ({PRE_STOP_SECONDS}s)",
        )
