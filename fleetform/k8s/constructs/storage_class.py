"""The cloud's encrypted SSD StorageClass (model cache volumes)."""

from __future__ import annotations

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels


class SsdStorageClass(Construct):
    """StorageClass ``name`` of CSI driver ``provisioner``; volumes bind in the pod's zone
    (``WaitForFirstConsumer``), can grow, and are deleted with their claim (cache data only)."""

    def __init__(
        self, scope: Construct, id: str, *, name: str, labels: AppLabels, provisioner: str, parameters: dict[str, str]
    ) -> None:
        super().__init__(scope, id)
        if "." not in provisioner:
            raise PropError(
                f"SsdStorageClass '{name}'",
                "provisioner",
                provisioner,
                "must be a CSI driver name such as 'ebs.csi.aws.com'",
            )
        self.name = name
        k8s.KubeStorageClass(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(name=name, labels=labels.all),
            provisioner=provisioner,
            parameters=dict(sorted(parameters.items())) or None,
            reclaim_policy="Delete",
            volume_binding_mode="WaitForFirstConsumer",
            allow_volume_expansion=True,
        )
