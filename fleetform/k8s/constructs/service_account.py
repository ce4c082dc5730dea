"""The workload ServiceAccount, bound to the cloud identity (IRSA / Entra Workload ID / GKE WIF)."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.k8s.labels import AppLabels


class WorkloadServiceAccount(Construct):
    """A ServiceAccount whose token is not mounted unless ``automount`` is set: the platform's pods
    reach cloud APIs through the identity webhook's own projected token, not the Kubernetes API."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        annotations: dict[str, str] | None = None,
        automount: bool = False,
    ) -> None:
        super().__init__(scope, id)
        self.name = name
        k8s.KubeServiceAccount(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(
                name=name,
                namespace=namespace,
                labels=labels.all,
                annotations=dict(sorted((annotations or {}).items())) or None,
            ),
            automount_service_account_token=automount,
        )
