"""Scheduled off-hours scale-down of non-production environments, so idle capacity costs nothing at night."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s import cron, pod
from fleetform.k8s.labels import AppLabels
from fleetform.settings.model import Compute, Resources

KUBECTL_RESOURCES = Resources(requests=Compute(cpu="50m", memory="64Mi"), limits=Compute(cpu="200m", memory="128Mi"))


class OffHoursScaler(Construct):
    """Scales the ``targets`` Deployments to zero at ``scale_down`` and back to their minimum replica
    count (the value in ``targets``) at ``scale_up``, in ``time_zone``.

    The Deployments carry no replica count (their HPA owns it) and an HPA does nothing while its
    target has zero replicas, so neither Flux nor the autoscaler undoes the scale-down; the
    scale-up hands control back to the HPA. The scaler may only read and scale those Deployments.
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
        targets: dict[str, int],
        scale_down: str,
        scale_up: str,
        time_zone: str,
    ) -> None:
        super().__init__(scope, id)
        where = f"OffHoursScaler '{name}'"
        cron.check_schedule(where, "scale_down", scale_down)
        cron.check_schedule(where, "scale_up", scale_up)
        if not targets:
            raise PropError(where, "targets", targets, "must name at least one Deployment")
        for target, replicas in targets.items():
            if replicas < 1:
                raise PropError(where, f"targets[{target!r}]", replicas, "must be >= 1 (the replicas to restore)")
        pod.check_pinned(where, image)
        self.name, self.namespace, self.labels, self.image = name, namespace, labels, image
        meta = k8s.ObjectMeta(name=name, namespace=namespace, labels=labels.all)
        k8s.KubeServiceAccount(self, "ServiceAccount", metadata=meta, automount_service_account_token=True)
        names = sorted(targets)
        k8s.KubeRole(
            self,
            "Role",
            metadata=meta,
            rules=[
                k8s.PolicyRule(api_groups=["apps"], resources=["deployments"], resource_names=names, verbs=["get"]),
                k8s.PolicyRule(
                    api_groups=["apps"],
                    resources=["deployments/scale"],
                    resource_names=names,
                    verbs=["get", "patch", "update"],
                ),
            ],
        )
        k8s.KubeRoleBinding(
            self,
            "RoleBinding",
            metadata=meta,
            role_ref=k8s.RoleRef(api_group="rbac.authorization.k8s.io", kind="Role", name=name),
            subjects=[k8s.Subject(kind="ServiceAccount", name=name, namespace=namespace)],
        )
        down = [self._kubectl("scale-down", 0, names)]
        up = [self._kubectl(f"scale-up-{target}", targets[target], [target]) for target in names]
        self._cron_job("ScaleDown", f"{name}-down", scale_down, time_zone, down)
        self._cron_job("ScaleUp", f"{name}-up", scale_up, time_zone, up)

    def _kubectl(self, container: str, replicas: int, deployments: list[str]) -> k8s.Container:
        return k8s.Container(
            name=container,
            image=self.image,
            image_pull_policy="IfNotPresent",
            command=["kubectl"],
            args=[
                "scale",
                f"--namespace={self.namespace}",
                f"--replicas={replicas}",
                *(f"deployment/{d}" for d in deployments),
            ],
            resources=pod.resources(KUBECTL_RESOURCES),
            security_context=pod.container_security(),
        )

    def _cron_job(self, id: str, name: str, schedule: str, time_zone: str, steps: list[k8s.Container]) -> None:
        # Steps run in order: all but the last as init containers.
        pod_spec = k8s.PodSpec(
            init_containers=steps[:-1] or None,
            containers=steps[-1:],
            restart_policy="OnFailure",
            service_account_name=self.name,
            automount_service_account_token=True,
            security_context=pod.pod_security(),
        )
        spec = cron.cron_job_spec(
            schedule=schedule,
            time_zone=time_zone,
            labels=self.labels.release,
            pod_spec=pod_spec,
            active_deadline_seconds=600,
            backoff_limit=3,
        )
        k8s.KubeCronJob(
            self,
            id,
            metadata=k8s.ObjectMeta(name=name, namespace=self.namespace, labels=self.labels.release),
            spec=spec,
        )
