"""The Service in front of a serving Deployment."""

from __future__ import annotations

from typing import Literal

from cdk8s_plus_33 import k8s
from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.labels import AppLabels


class ServingService(Construct):
    """Service ``name`` on ``port`` -> the pods' ``http`` port (and ``metrics_port`` -> ``metrics``), with
    ``annotations`` that expose it to the cloud's public load balancer where the API is reached without the mesh
    (an internal load balancer on Azure, standalone NEGs on GCP: ``fleetform.clouds.ingress.Exposure``)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        port: int = 80,
        type: Literal["ClusterIP", "LoadBalancer"] = "ClusterIP",
        annotations: dict[str, str] | None = None,
        metrics_port: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        if not 1 <= port <= 65535:
            raise PropError(f"ServingService '{name}'", "port", port, "must be between 1 and 65535")
        self.name = name
        k8s.KubeService(
            self,
            "Resource",
            metadata=k8s.ObjectMeta(
                name=name,
                namespace=namespace,
                labels=labels.all,
                annotations=dict(sorted((annotations or {}).items())) or None,
            ),
            spec=k8s.ServiceSpec(
                type=type,
                selector=labels.selector,
                ports=[
                    k8s.ServicePort(
                        name="http", port=port, target_port=k8s.IntOrString.from_string("http"), protocol="TCP"
                    ),
                    *(
                        [
                            k8s.ServicePort(
                                name="metrics",
                                port=metrics_port,
                                target_port=k8s.IntOrString.from_string("metrics"),
                                protocol="TCP",
                            )
                        ]
                        if metrics_port
                        else []
                    ),
                ],
            ),
        )
