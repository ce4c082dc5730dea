"""Layer ``configs``: cluster-wide configuration of the controllers (needs their CRDs)."""

from __future__ import annotations

from constructs import Construct

from fleetform.k8s import secret_delivery
from fleetform.k8s.alert_routing import RECEIVERS_SECRET, receiver_data
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.capacity import add_node_pools
from fleetform.k8s.charts.runtime_security import add_falco_alerts
from fleetform.k8s.charts.telemetry import add_telemetry_configs, telemetry_namespaces
from fleetform.k8s.constructs.backups import PlatformBackups
from fleetform.k8s.constructs.dashboards import GrafanaDashboards
from fleetform.k8s.constructs.external_secrets import CloudSecretStore, SyncedSecret
from fleetform.k8s.constructs.ingress import AcmeIssuer, ApiGateway
from fleetform.k8s.constructs.mesh import StrictMtls
from fleetform.k8s.constructs.namespace import PlatformNamespace
from fleetform.k8s.constructs.target_group_binding import TargetGroupBinding
from fleetform.k8s.custom_resource import include_object
from fleetform.k8s.dashboards import DASHBOARDS, Scope
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.names import API, GATEWAY, ISSUER, ISTIO_NS, MONITORING_NS, VELERO_NS, WORKER, api_host
from fleetform.settings.ingress import ingress_backend, ingress_exposure


class ConfigsChart(LayerChart):
    """The platform namespace and the admission policies guarding it (so both exist before any workload),
    mesh-wide STRICT mTLS, the ACME issuer, the API's TLS 1.3 gateway (with the mesh), where the cloud needs
    one the binding of the public load balancer's target group to the ingress Service (it needs the AWS Load
    Balancer Controller's CRD), Velero's backup location and schedule of the platform namespace, and the
    Secrets copied from the cloud's secret store (the platform's connections; Alertmanager's receivers where
    the environment routes alerts), the platform's Grafana dashboards, and Falco's alerts."""

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
        exposure = ingress_exposure(cluster)
        if exposure.target_group:
            backend = ingress_backend(cluster)
            TargetGroupBinding(
                self,
                "TargetGroupBinding",
                name=backend.service,
                namespace=backend.namespace,
                labels=self.labels_for("ingress"),
                service=backend.service,
                port=backend.port,
                target_group=exposure.target_group,
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
        self._secrets()
        add_telemetry_configs(self)
        add_node_pools(self)
        add_falco_alerts(self)
        if cluster.env.dashboards:
            self._dashboards()

    def _dashboards(self) -> None:
        """The platform's Grafana dashboards, beside the monitoring stack whose Grafana loads them. Under
        progressive delivery the API runs as Flagger's ``api-primary`` and, during a rollout, ``api``: both
        are drawn."""
        cluster = self.cluster
        api = (API, f"{API}-primary") if cluster.env.delivery.progressive else (API,)
        scope = Scope(namespace=cluster.namespace, api=API, workloads=(*api, WORKER), alerts=cluster.env.alerts)
        GrafanaDashboards(
            self,
            "Dashboards",
            namespace=MONITORING_NS,
            labels=self.labels_for("dashboards"),
            dashboards=[build(scope) for build in DASHBOARDS],
        )

    def _secrets(self) -> None:
        """The ClusterSecretStore (usable from the platform namespace, from monitoring when alerts have
        receivers, and from the telemetry namespaces that ship to Elasticsearch), the connection Secret and the
        receivers Secret."""
        cluster = self.cluster
        secrets, labels = cluster.platform.secrets, self.labels_for("secrets")
        receivers = receiver_data(cluster.site, cluster.env.alerts.receivers)
        CloudSecretStore(
            self,
            "SecretStore",
            name=secrets.store,
            labels=labels,
            provider=cluster.cloud.secret_store_provider(cluster.site, secret_delivery.store_reader()),
            namespaces=[cluster.namespace, *([MONITORING_NS] if receivers else []), *telemetry_namespaces(cluster)],
        )
        SyncedSecret(
            self,
            "ConnectionSecret",
            name=cluster.platform.connection_secret,
            namespace=cluster.namespace,
            labels=labels,
            store=secrets.store,
            refresh_interval=secrets.refresh_interval,
            data=secret_delivery.connection_data(cluster),
            template=secret_delivery.connection_template(),
        )
        if receivers:
            SyncedSecret(
                self,
                "ReceiversSecret",
                name=RECEIVERS_SECRET,
                namespace=MONITORING_NS,
                labels=self.labels_for("alerting"),
                store=secrets.store,
                refresh_interval=secrets.refresh_interval,
                data=receivers,
            )
