"""The model retraining CronJob (``ENABLE_AUTO_RETRAINING``)."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.k8s import cron, pod
from fleetform.k8s.labels import AppLabels
from fleetform.settings.model import Resources


class RetrainingJob(Construct):
    """Retrains the model on ``schedule`` with the platform settings and connections, as the workload
    identity (it reads training data and writes models to object storage). At most one run at a time,
    6 hours at most, two retries."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        image: str,
        schedule: str,
        time_zone: str,
        resources: Resources,
        service_account: str,
        config_map: str,
        secret: str,
        gpu: pod.GpuPlacement | None = None,
        pod_labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        where = f"RetrainingJob '{name}'"
        cron.check_schedule(where, "schedule", schedule)
        pod.check_pinned(where, image)
        env_from, env = pod.platform_env(config_map, secret)
        tmp_volume, tmp_mount = pod.scratch_volume()
        container = k8s.Container(
            name=name,
            image=image,
            image_pull_policy="IfNotPresent",
            env_from=env_from,
            env=env,
            resources=pod.resources(resources, gpu),
            security_context=pod.container_security(),
            volume_mounts=[tmp_mount],
        )
        pod_spec = k8s.PodSpec(
            containers=[container],
            volumes=[tmp_volume],
            restart_policy="Never",
            service_account_name=service_account,
            automount_service_account_token=False,
            security_context=pod.pod_security(),
            node_selector=dict(sorted(gpu.node_selector.items())) if gpu else None,
            tolerations=pod.gpu_tolerations(gpu),
        )
        spec = cron.cron_job_spec(
            schedule=schedule,
            time_zone=time_zone,
            labels=labels.release,
            pod_spec=pod_spec,
            active_deadline_seconds=6 * 3600,
            backoff_limit=2,
            pod_labels=pod_labels,
        )
        k8s.KubeCronJob(
            self, "Resource", metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.release), spec=spec
        )
