"""The PriorityClass of the serving workloads."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels

#: User-defined priorities must stay below the system classes (2,000,000,000 and up).
MAX_USER_PRIORITY = 1_000_000_000


class ServingPriorityClass(Construct):
    """Serving pods preempt batch work (retraining) when the cluster is full."""

    def __init__(self, scope: Construct, id: str, *, name: str, labels: AppLabels, value: int = 100_000) -> None:
        super().__init__(scope, id)
        if not 0 < value <= MAX_USER_PRIORITY:
            raise PropError(
                f"ServingPriorityClass '{name}'", "value", value, f"must be between 1 and {MAX_USER_PRIORITY}"
            )
        self.name = name
        k8s.KubePriorityClass(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(name=name, labels=labels.all),
            value=value,
            global_default=False,
            preemption_policy="PreemptLowerPriority",
            description="ML platform online serving (inference API and model workers)",
        )
