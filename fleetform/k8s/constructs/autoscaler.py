"""An autoscaling/v2 HorizontalPodAutoscaler on CPU and memory utilization."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels


class Autoscaler(Construct):
    """Scales Deployment ``target`` between ``min_replicas`` and ``max_replicas`` to keep CPU at
    ``cpu_percent`` and memory at ``memory_percent`` of requests. Scales up fast (double every 15 s),
    down slowly (10 % a minute after a 5-minute window) so traffic spikes never flap capacity."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        target: str,
        namespace: str,
        labels: AppLabels,
        min_replicas: int,
        max_replicas: int,
        cpu_percent: int,
        memory_percent: int,
    ) -> None:
        super().__init__(scope, id)
        where = f"Autoscaler '{target}'"
        if min_replicas < 1:
            raise PropError(where, "min_replicas", min_replicas, "must be >= 1")
        if max_replicas < min_replicas:
            raise PropError(where, "max_replicas", max_replicas, f"must be >= 'min_replicas' ({min_replicas})")
        for prop, value in (("cpu_percent", cpu_percent), ("memory_percent", memory_percent)):
            if not 1 <= value <= 100:
                raise PropError(where, prop, value, "must be between 1 and 100")
        k8s.KubeHorizontalPodAutoscalerV2(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(
                name=target,
                namespace=namespace,
                labels=labels.all,
            ),
            spec=k8s.HorizontalPodAutoscalerSpecV2(
                scale_target_ref=k8s.CrossVersionObjectReferenceV2(
                    api_version="apps/v1", kind="Deployment", name=target
                ),
                min_replicas=min_replicas,
                max_replicas=max_replicas,
                metrics=[_utilization("cpu", cpu_percent), _utilization("memory", memory_percent)],
                behavior=k8s.HorizontalPodAutoscalerBehaviorV2(
                    scale_up=k8s.HpaScalingRulesV2(
                        stabilization_window_seconds=0,
                        select_policy="Max",
                        policies=[
                            k8s.HpaScalingPolicyV2(type="Percent", value=100, period_seconds=15),
                            k8s.HpaScalingPolicyV2(type="Pods", value=4, period_seconds=15),
                        ],
                    ),
                    scale_down=k8s.HpaScalingRulesV2(
                        stabilization_window_seconds=300,
                        select_policy="Min",
                        policies=[
                            k8s.HpaScalingPolicyV2(type="Percent", value=10, period_seconds=60),
                        ],
                    ),
                ),
            ),
        )


def _utilization(resource: str, percent: int) -> k8s.MetricSpecV2:
    return k8s.MetricSpecV2(
        type="Resource",
        resource=k8s.ResourceMetricSourceV2(
            name=resource, target=k8s.MetricTargetV2(type="Utilization", average_utilization=percent)
        ),
    )
