"""A PodDisruptionBudget so voluntary disruptions (node drains, upgrades) never take a workload down."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels


class DisruptionBudget(Construct):
    """At most ``max_unavailable`` pods of the selected workload down at once through evictions;
    ``unhealthyPodEvictionPolicy: AlwaysAllow`` so a crash-looping pod never blocks a node drain. ``selector``
    (default ``labels.selector``) widens it where one workload runs as several Deployments (Flagger's primary
    and canary)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        max_unavailable: int = 1,
        selector: dict[str, str] | None = None,
    ) -> None:
        super().__init__(scope, id)
        if max_unavailable < 1:
            raise PropError(
                f"DisruptionBudget '{name}'",
                "max_unavailable",
                max_unavailable,
                "must be >= 1 (0 would block every node drain)",
            )
        k8s.KubePodDisruptionBudget(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(
                name=name,
                namespace=namespace,
                labels=labels.all,
            ),
            spec=k8s.PodDisruptionBudgetSpec(
                selector=k8s.LabelSelector(match_labels=selector or labels.selector),
                max_unavailable=k8s.IntOrString.from_number(max_unavailable),
                unhealthy_pod_eviction_policy="AlwaysAllow",
            ),
        )
