"""Layer ``configs``: cluster-wide configuration of the controllers (needs their CRDs)."""

from __future__ import annotations

from constructs import Construct

from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.capacity import add_node_pools
from fleetform.k8s.constructs.backups import PlatformBackups
from fleetform.k8s.constructs.ingress import AcmeIssuer, ApiGateway
from fleetform.k8s.constructs.mesh import StrictMtls
from fleetform.k8s.constructs.namespace import PlatformNamespace
from fleetform.k8s.custom_resource import include_object
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.names import GATEWAY, ISSUER, ISTIO_NS, VELERO_NS, api_host


class ConfigsChart(LayerChart):
    """The platform namespace and the admission policies guarding it (so both exist before any workload),
    mesh-wide STRICT mTLS, the ACME issuer, the API's TLS 1.3 gateway (with the mesh), and Velero's
    backup location and schedule of the platform namespace."""

    layer = "configs"

    def __init__(self, scope: Construct, inputs: ClusterInputs) -> None:
        super().__init__(scope, inputs)
        cluster = self.cluster
        PlatformNamespace(
            self,
            "Namespace",
            name=cluster.namespace,
            labels=self.base,
            pss_version=f"v{cluster.platform.kubernetes_version}",
            extra_labels={"istio-injection": "enabled"} if cluster.env.mesh else None,
        )
        for obj in inputs.admission:
            include_object(self, f"{obj['kind']}-{obj['metadata']['name']}", obj, self.labels_for("admission"))
        if cluster.env.mesh:
            StrictMtls(self, "MeshMtls", namespace=ISTIO_NS, labels=self.labels_for("mesh"))
            tls = cluster.platform.tls
            AcmeIssuer(
                self, "Issuer", name=ISSUER, labels=self.labels_for("tls"), email=tls.acme_email, server=tls.acme_server
            )
            ApiGateway(
                self,
                "Gateway",
                name=GATEWAY,
                namespace=cluster.platform.ingress_namespace,
                labels=self.labels_for("ingress"),
                host=api_host(cluster),
                issuer=ISSUER,
            )
        target, backups = inputs.backup, cluster.env.backups
        PlatformBackups(
            self,
            "Backups",
            name=f"{cluster.namespace}-daily",
            namespace=VELERO_NS,
            labels=self.labels_for("backup"),
            provider=target.provider,
            bucket=target.bucket,
            prefix=target.prefix,
            config=dict(target.config),
            schedule=backups.schedule,
            retention_days=backups.retention_days,
            namespaces=[cluster.namespace],
        )
        add_node_pools(self)
