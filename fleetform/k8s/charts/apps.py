"""Layer ``apps``: the ML platform itself, in namespace ``ml-<environment>``."""

from __future__ import annotations

from constructs import Construct

from fleetform.k8s.capacity import spot_taint
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.delivery import add_canary, both_tracks, serving
from fleetform.k8s.charts.telemetry import workload_tracing
from fleetform.k8s.constructs.autoscaler import Autoscaler
from fleetform.k8s.constructs.config_map import SettingsConfigMap
from fleetform.k8s.constructs.deployment import CacheVolume, ServingDeployment
from fleetform.k8s.constructs.disruption_budget import DisruptionBudget
from fleetform.k8s.constructs.ingress import ApiRoute
from fleetform.k8s.constructs.mesh import MeshAccess, StrictMtls
from fleetform.k8s.constructs.monitoring import PlatformAlerts, ServiceMetrics
from fleetform.k8s.constructs.network_policies import DataServices, NamespaceFirewall
from fleetform.k8s.constructs.off_hours import OffHoursScaler
from fleetform.k8s.constructs.priority_class import ServingPriorityClass
from fleetform.k8s.constructs.retraining import RetrainingJob
from fleetform.k8s.constructs.service import ServingService
from fleetform.k8s.constructs.service_account import WorkloadServiceAccount
from fleetform.k8s.constructs.storage_class import SsdStorageClass
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.labels import AppLabels
from fleetform.k8s.names import (
    API,
    API_PORT,
    CONFIG_MAP,
    GATEWAY,
    ISTIO_NS,
    METRICS_PORT,
    MONITORING_NS,
    PRIORITY_CLASS,
    RETRAINING,
    SCALER,
    SERVICE_ACCOUNT,
    SERVICE_PORT,
    STORAGE_CLASS,
    WORKER,
    WORKER_PORT,
    api_host,
)
from fleetform.k8s.pod import GpuPlacement
from fleetform.settings.ingress import ingress_exposure
from fleetform.settings.model import Workload


class AppsChart(LayerChart):
    """Inference API and model workers (Deployment, Service, HPA, PDB), retraining and off-hours
    CronJobs, settings, identity, network policies, and with the mesh: STRICT mTLS, authorization and
    the API's route; scrape targets and the platform's alerts.

    Spot: where the cloud taints its spot nodes (AKS), the model workers tolerate the taint and the API does
    not, so the API's guaranteed share never runs on capacity that can be reclaimed at once; workers retry a
    request that a reclaimed replica dropped. The workers get no affinity for spot: a preference cannot bound
    a share (the scheduler would fill the spot nodes first, up to every replica at low load). What bounds it
    is the node count: the spot pool is at most 30 % of the application nodes (settings' ``spot_pool``,
    policy tf-spot-share) and each replica is spread across nodes (one per node at a time, ScheduleAnyway),
    so about 30 % of the workers at most land on spot nodes; when nodes are unevenly full the spread is
    best-effort and the share can exceed it until the next rollout places the pods again.
    On EKS and GKE spot nodes are not tainted and Karpenter's spot NodePool (EKS) is only used once
    on-demand capacity is at its limit (:mod:`fleetform.k8s.charts.capacity`).

    Progressive delivery (``delivery`` canary or blue-green, :mod:`fleetform.k8s.charts.delivery`): Flagger's
    Canary takes over the API's rollouts. Flagger then owns the API's Services and VirtualService, which are
    not emitted here;
    ``api-primary`` serves, so the off-hours scaler and the availability alert watch it, and the API's PDB
    and ServiceMonitor select both the primary's and the canary's pods. A release changes only the image of
    Deployment ``api``; Flagger analyses it and promotes it, or rolls it back."""

    layer = "apps"

    def __init__(self, scope: Construct, inputs: ClusterInputs) -> None:
        super().__init__(scope, inputs)
        cluster = self.cluster
        env, ns = cluster.env, cluster.namespace
        otlp_endpoint, trace_ratio, self.tracing_peer = workload_tracing(cluster)
        ServingPriorityClass(self, "PriorityClass", name=PRIORITY_CLASS, labels=self.labels_for("scheduling"))
        SsdStorageClass(
            self,
            "StorageClass",
            name=STORAGE_CLASS,
            labels=self.labels_for("storage"),
            provisioner=cluster.cloud.storage_class.provisioner,
            parameters=dict(cluster.cloud.storage_class.parameters),
        )
        WorkloadServiceAccount(
            self,
            "ServiceAccount",
            name=SERVICE_ACCOUNT,
            namespace=ns,
            labels=self.labels_for("identity"),
            annotations=cluster.cloud.service_account_annotations(cluster.identity),
        )
        self.config = SettingsConfigMap(
            self,
            "Settings",
            name=CONFIG_MAP,
            namespace=ns,
            labels=self.labels_for("config"),
            environment=cluster.environment,
            log_level=env.log_level,
            workers=env.workers,
            auto_retraining=env.retraining.enabled,
            gpu_acceleration=env.gpu.enabled,
            model_version=env.model_version,
            feature_flags=env.feature_flags,
            otlp_endpoint=otlp_endpoint,
            trace_ratio=trace_ratio,
        )
        gpu = GpuPlacement(env.gpu.count, cluster.cloud_settings.gpu.node_selector) if env.gpu.enabled else None
        self.api_labels = self.labels_for("inference-api", API)
        self.worker_labels = self.labels_for("model-worker", WORKER)
        self._serving(API, self.api_labels, env.api, API_PORT, None, None)
        self._serving(
            WORKER,
            self.worker_labels,
            env.worker,
            WORKER_PORT,
            gpu,
            CacheVolume(STORAGE_CLASS, env.model_cache_size, "/models"),
            spot_taint(cluster) if gpu is None else None,  # GPU workers run on the GPU pool only
        )
        # Without the mesh the public load balancer reaches the API's Service itself, exposed as the cloud says.
        exposure = None if env.mesh else ingress_exposure(cluster)
        if not env.delivery.progressive:
            ServingService(
                self,
                "api-service",
                name=API,
                namespace=ns,
                labels=self.api_labels,
                port=SERVICE_PORT,
                type=exposure.service_type if exposure else "ClusterIP",
                metrics_port=METRICS_PORT,
                annotations=dict(exposure.annotations) if exposure else None,
            )
        ServingService(
            self,
            "worker-service",
            name=WORKER,
            namespace=ns,
            labels=self.worker_labels,
            port=WORKER_PORT,
            metrics_port=METRICS_PORT,
        )
        self._batch(gpu)
        self._firewall()
        self._observability()
        if env.mesh:
            self._mesh()
        if env.delivery.progressive:
            add_canary(self, self.api_labels)

    def _serving(
        self,
        name: str,
        labels: AppLabels,
        workload: Workload,
        port: int,
        gpu: GpuPlacement | None,
        cache: CacheVolume | None,
        spot: tuple[str, str] | None = None,
    ) -> None:
        """``spot``: the cloud's spot taint, which only the model workers tolerate (:meth:`__init__`)."""
        cluster, env, ns = self.cluster, self.cluster.env, self.cluster.namespace
        images = {API: cluster.platform.images.api.ref, WORKER: cluster.platform.images.worker.ref}
        ServingDeployment(
            self,
            f"{name}-deployment",
            name=name,
            namespace=ns,
            labels=labels,
            image=images[name],
            port=port,
            resources=workload.resources,
            service_account=SERVICE_ACCOUNT,
            config_map=CONFIG_MAP,
            config_checksum=self.config.checksum,
            secret=cluster.platform.connection_secret,
            priority_class=PRIORITY_CLASS,
            zone_spread=env.zone_spread,
            gpu=gpu,
            spot=spot,
            cache=cache,
            pod_labels=cluster.cloud.pod_labels(),
            metrics_port=METRICS_PORT,
        )
        Autoscaler(
            self,
            f"{name}-hpa",
            target=name,
            namespace=ns,
            labels=labels,
            min_replicas=workload.replicas.min,
            max_replicas=workload.replicas.max,
            cpu_percent=env.autoscaling.cpu_percent,
            memory_percent=env.autoscaling.memory_percent,
        )
        DisruptionBudget(
            self, f"{name}-pdb", name=name, namespace=ns, labels=labels, selector=both_tracks(cluster, labels)
        )

    def _batch(self, gpu: GpuPlacement | None) -> None:
        cluster, env, ns = self.cluster, self.cluster.env, self.cluster.namespace
        if env.retraining.enabled:
            RetrainingJob(
                self,
                "retraining",
                name=RETRAINING,
                namespace=ns,
                labels=self.labels_for("training", RETRAINING),
                image=cluster.platform.images.retraining.ref,
                schedule=env.retraining.schedule,
                time_zone=env.off_hours.time_zone,
                resources=env.retraining.resources,
                service_account=SERVICE_ACCOUNT,
                config_map=CONFIG_MAP,
                secret=cluster.platform.connection_secret,
                gpu=gpu,
                pod_labels=cluster.cloud.pod_labels(),
            )
        if env.off_hours.enabled:
            OffHoursScaler(
                self,
                "off-hours",
                name=SCALER,
                namespace=ns,
                labels=self.labels_for("cost-control", SCALER),
                image=cluster.platform.images.kubectl.ref,
                targets={serving(self.cluster)[API]: env.api.replicas.min, WORKER: env.worker.replicas.min},
                scale_down=env.off_hours.scale_down,
                scale_up=env.off_hours.scale_up,
                time_zone=env.off_hours.time_zone,
            )

    def _firewall(self) -> None:
        cluster, env = self.cluster, self.cluster.env
        net, ports = cluster.cloud_settings.network, cluster.cloud_settings.ports
        batch = [RETRAINING] if env.retraining.enabled else []
        NamespaceFirewall(
            self,
            "NetworkPolicies",
            namespace=cluster.namespace,
            labels=self.labels_for("networking"),
            ingress_namespace=cluster.platform.ingress_namespace,
            api=API,
            api_port=API_PORT,
            worker=WORKER,
            worker_port=WORKER_PORT,
            data=DataServices(net.vpc_cidr, ports.database, ports.cache, ports.broker),
            data_clients=[API, WORKER, *batch],
            object_storage_cidrs=list(net.object_storage_cidrs),
            object_storage_clients=[WORKER, *batch],
            api_server_cidrs=list(net.api_server_cidrs),
            api_server_clients=[SCALER] if env.off_hours.enabled else [],
            load_balancer_cidrs=[] if env.mesh else [net.vpc_cidr, *cluster.cloud.load_balancer_sources],
            metrics_port=METRICS_PORT,
            monitoring_namespace=MONITORING_NS,
            mesh_namespace=ISTIO_NS if env.mesh else None,
            identity_endpoints=cluster.cloud.identity_endpoints,
            tracing=self.tracing_peer,
        )

    def _observability(self) -> None:
        ns = self.cluster.namespace
        tracks = both_tracks(self.cluster, self.api_labels)
        ServiceMetrics(
            self,
            "api-metrics",
            name=API,
            namespace=ns,
            labels=self.api_labels,
            selector=tracks,
            service=API if tracks else None,
        )
        ServiceMetrics(self, "worker-metrics", name=WORKER, namespace=ns, labels=self.worker_labels)
        PlatformAlerts(
            self,
            "alerts",
            name="ml-platform-alerts",
            namespace=ns,
            labels=self.labels_for("monitoring"),
            api=API,
            workloads=[API, WORKER],
            alerts=self.cluster.env.alerts,
            runbooks=self.cluster.platform.gitops.runbooks,
            deployments=[serving(self.cluster)[API], WORKER],
        )

    def _mesh(self) -> None:
        cluster, ns = self.cluster, self.cluster.namespace
        StrictMtls(self, "mtls", namespace=ns, labels=self.labels_for("mesh"))
        for name, labels in ((API, self.api_labels), (WORKER, self.worker_labels)):
            StrictMtls(self, f"mtls-{name}", namespace=ns, labels=labels, workload=name, plaintext_ports=[METRICS_PORT])
        MeshAccess(
            self,
            "authorization",
            namespace=ns,
            labels=self.labels_for("mesh"),
            api=API,
            worker=WORKER,
            ingress_namespace=cluster.platform.ingress_namespace,
            api_identity=f"cluster.local/ns/{ns}/sa/{SERVICE_ACCOUNT}",
            metrics_port=METRICS_PORT,
        )
        ApiRoute(
            self,
            "route",
            namespace=ns,
            labels=self.api_labels,
            host=api_host(cluster),
            gateway=f"{cluster.platform.ingress_namespace}/{GATEWAY}",
            service=API,
            port=SERVICE_PORT,
            worker=WORKER,
            virtual_service=not cluster.env.delivery.progressive,
        )
