"""Pod-level building blocks shared by every workload: restricted security, env, scratch space."""

from __future__ import annotations

from dataclasses import dataclass

from cdk8s_plus_33 import k8s

from fleetform.errors import PropError
from fleetform.settings.model import Resources

#: The label naming a platform workload (and its pods).
NAME_LABEL = "app.kubernetes.io/name"
#: The UID/GID every platform container runs as (non-root, matches the images' USER).
RUN_AS = 10001

#: Keys of the connection Secret, and the env var each one becomes.
SECRET_ENV = {
    "DATABASE_URL": "database-url",
    "REDIS_URL": "redis-url",
    "KAFKA_BOOTSTRAP_SERVERS": "kafka-bootstrap-servers",
}


@dataclass(frozen=True)
class GpuPlacement:
    """The GPU variant of a pod: how many GPUs per container and where such nodes are."""

    count: int
    node_selector: dict[str, str]


def pod_security() -> k8s.PodSecurityContext:
    """Pod Security Standards ``restricted``: non-root, RuntimeDefault seccomp."""
    return k8s.PodSecurityContext(
        run_as_non_root=True,
        run_as_user=RUN_AS,
        run_as_group=RUN_AS,
        fs_group=RUN_AS,
        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
    )


def container_security() -> k8s.SecurityContext:
    """Container-level ``restricted``: read-only root, no escalation, every capability dropped."""
    return k8s.SecurityContext(
        allow_privilege_escalation=False,
        read_only_root_filesystem=True,
        run_as_non_root=True,
        capabilities=k8s.Capabilities(drop=["ALL"]),
        seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
    )


def resources(res: Resources, gpu: GpuPlacement | None = None) -> k8s.ResourceRequirements:
    """Requests and limits; a GPU variant adds ``nvidia.com/gpu`` to both."""
    requests = {"cpu": res.requests.cpu, "memory": res.requests.memory}
    limits = {"cpu": res.limits.cpu, "memory": res.limits.memory}
    if gpu is not None:
        requests["nvidia.com/gpu"] = limits["nvidia.com/gpu"] = str(gpu.count)
    return k8s.ResourceRequirements(
        requests={k: k8s.Quantity.from_string(v) for k, v in requests.items()},
        limits={k: k8s.Quantity.from_string(v) for k, v in limits.items()},
    )


def gpu_tolerations(gpu: GpuPlacement | None) -> list[k8s.Toleration] | None:
    if gpu is None:
        return None
    return [k8s.Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")]


def tolerations(gpu: GpuPlacement | None, spot: tuple[str, str] | None) -> list[k8s.Toleration] | None:
    """The GPU taint's toleration (:func:`gpu_tolerations`) and, given ``spot`` (the ``(key, value)`` of the
    cloud's spot taint), the spot nodes' NoSchedule taint."""
    out = list(gpu_tolerations(gpu) or [])
    if spot is not None:
        out.append(k8s.Toleration(key=spot[0], operator="Equal", value=spot[1], effect="NoSchedule"))
    return out or None


def platform_env(config_map: str, secret: str) -> tuple[list[k8s.EnvFromSource], list[k8s.EnvVar]]:
    """Settings from the ConfigMap; connection strings only as Secret references, never literals;
    ``OTEL_SERVICE_NAME`` (the name spans and logs carry) from the pod's own ``app.kubernetes.io/name``."""
    env_from = [k8s.EnvFromSource(config_map_ref=k8s.ConfigMapEnvSource(name=config_map))]
    name = k8s.ObjectFieldSelector(field_path=f"metadata.labels['{NAME_LABEL}']")
    env = [k8s.EnvVar(name="OTEL_SERVICE_NAME", value_from=k8s.EnvVarSource(field_ref=name))] + [
        k8s.EnvVar(name=var, value_from=k8s.EnvVarSource(secret_key_ref=k8s.SecretKeySelector(name=secret, key=key)))
        for var, key in SECRET_ENV.items()
    ]
    return env_from, env


def scratch_volume() -> tuple[k8s.Volume, k8s.VolumeMount]:
    """A small writable ``/tmp``: the root filesystem is read-only."""
    volume = k8s.Volume(name="tmp", empty_dir=k8s.EmptyDirVolumeSource(size_limit=k8s.Quantity.from_string("1Gi")))
    return volume, k8s.VolumeMount(name="tmp", mount_path="/tmp")


def check_pinned(where: str, image: str) -> None:
    """Every platform image is pinned by digest: a tag alone can be moved to other bytes."""
    if "@sha256:" not in image:
        raise PropError(where, "image", image, "must be pinned by digest ('<repo>:<tag>@sha256:<digest>')")
