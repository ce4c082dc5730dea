"""One cdk8s Chart per cluster: the settings of ``<cloud>-<env>`` turned into construct props."""

from __future__ import annotations

import cdk8s
from constructs import Construct

from fleetform.k8s.constructs.autoscaler import Autoscaler
from fleetform.k8s.constructs.config_map import SettingsConfigMap
from fleetform.k8s.constructs.deployment import CacheVolume, ServingDeployment
from fleetform.k8s.constructs.disruption_budget import DisruptionBudget
from fleetform.k8s.constructs.namespace import PlatformNamespace
from fleetform.k8s.constructs.network_policies import DataServices, NamespaceFirewall
from fleetform.k8s.constructs.off_hours import OffHoursScaler
from fleetform.k8s.constructs.priority_class import ServingPriorityClass
from fleetform.k8s.constructs.retraining import RetrainingJob
from fleetform.k8s.constructs.service import ServingService
from fleetform.k8s.constructs.service_account import WorkloadServiceAccount
from fleetform.k8s.constructs.storage_class import SsdStorageClass
from fleetform.k8s.labels import AppLabels
from fleetform.k8s.pod import GpuPlacement
from fleetform.settings import Cluster
from fleetform.settings.model import Workload

API, WORKER, RETRAINING, SCALER = "api", "model-worker", "retraining", "off-hours-scaler"
API_PORT, WORKER_PORT = 8080, 8081
CONFIG_MAP, SERVICE_ACCOUNT = "ml-platform-settings", "ml-platform"
PRIORITY_CLASS, STORAGE_CLASS = "ml-platform-serving", "ml-ssd"


class ClusterChart(cdk8s.Chart):
    """Everything fleetform runs in one cluster. The chart id is the cluster id."""

    def __init__(self, scope: Construct, cluster: Cluster) -> None:
        super().__init__(scope, cluster.id, disable_resource_name_hashes=True)
        self.cluster = cluster
        env, ns = cluster.env, cluster.namespace
        base = AppLabels(cluster.platform.name, cluster.environment, cluster.platform.version, "platform",
                         cluster.platform.name)
        PlatformNamespace(self, "Namespace", name=ns, labels=base,
                          pss_version=f"v{cluster.platform.kubernetes_version}")
        ServingPriorityClass(self, "PriorityClass", name=PRIORITY_CLASS, labels=base.for_part(base.name, "scheduling"))
        SsdStorageClass(self, "StorageClass", name=STORAGE_CLASS, labels=base.for_part(base.name, "storage"),
                        provisioner=cluster.cloud_settings.storage.provisioner,
                        parameters=cluster.cloud_settings.storage.parameters)
        WorkloadServiceAccount(self, "ServiceAccount", name=SERVICE_ACCOUNT, namespace=ns,
                               labels=base.for_part(base.name, "identity"),
                               annotations=cluster.cloud.service_account_annotations(cluster.identity))
        config = SettingsConfigMap(self, "Settings", name=CONFIG_MAP, namespace=ns,
                                   labels=base.for_part(base.name, "config"), environment=cluster.environment,
                                   log_level=env.log_level, workers=env.workers,
                                   auto_retraining=env.retraining.enabled, gpu_acceleration=env.gpu.enabled)
        gpu = GpuPlacement(env.gpu.count, cluster.cloud_settings.gpu.node_selector) if env.gpu.enabled else None
        serving = {
            API: (base.for_part(API, "inference-api"), env.api, API_PORT, None, None),
            WORKER: (base.for_part(WORKER, "model-worker"), env.worker, WORKER_PORT, gpu,
                     CacheVolume(STORAGE_CLASS, env.model_cache_size, "/models")),
        }
        images = {API: cluster.platform.images.api.ref, WORKER: cluster.platform.images.worker.ref}
        for name, (labels, workload, port, placement, cache) in serving.items():
            ServingDeployment(self, f"{name}-deployment", name=name, namespace=ns, labels=labels, image=images[name],
                              port=port, resources=workload.resources, service_account=SERVICE_ACCOUNT,
                              config_map=CONFIG_MAP, config_checksum=config.checksum,
                              secret=cluster.platform.connection_secret, priority_class=PRIORITY_CLASS,
                              zone_spread=env.zone_spread, gpu=placement, cache=cache,
                              pod_labels=cluster.cloud.pod_labels())
            self._scaling(name, labels, workload)
        ServingService(self, "api-service", name=API, namespace=ns, labels=serving[API][0], type="LoadBalancer",
                       annotations=cluster.cloud_settings.load_balancer_annotations)
        ServingService(self, "worker-service", name=WORKER, namespace=ns, labels=serving[WORKER][0])
        self._batch(base, gpu)
        self._firewall(base)

    def _scaling(self, name: str, labels: AppLabels, workload: Workload) -> None:
        env, ns = self.cluster.env, self.cluster.namespace
        Autoscaler(self, f"{name}-hpa", target=name, namespace=ns, labels=labels,
                   min_replicas=workload.replicas.min, max_replicas=workload.replicas.max,
                   cpu_percent=env.autoscaling.cpu_percent, memory_percent=env.autoscaling.memory_percent)
        DisruptionBudget(self, f"{name}-pdb", name=name, namespace=ns, labels=labels)

    def _batch(self, base: AppLabels, gpu: GpuPlacement | None) -> None:
        cluster, env, ns = self.cluster, self.cluster.env, self.cluster.namespace
        if env.retraining.enabled:
            RetrainingJob(self, "retraining", name=RETRAINING, namespace=ns,
                          labels=base.for_part(RETRAINING, "training"),
                          image=cluster.platform.images.retraining.ref, schedule=env.retraining.schedule,
                          time_zone=env.off_hours.time_zone, resources=env.retraining.resources,
                          service_account=SERVICE_ACCOUNT, config_map=CONFIG_MAP,
                          secret=cluster.platform.connection_secret, gpu=gpu, pod_labels=cluster.cloud.pod_labels())
        if env.off_hours.enabled:
            OffHoursScaler(self, "off-hours", name=SCALER, namespace=ns, labels=base.for_part(SCALER, "cost-control"),
                           image=cluster.platform.images.kubectl.ref,
                           targets={API: env.api.replicas.min, WORKER: env.worker.replicas.min},
                           scale_down=env.off_hours.scale_down, scale_up=env.off_hours.scale_up,
                           time_zone=env.off_hours.time_zone)

    def _firewall(self, base: AppLabels) -> None:
        cluster, env = self.cluster, self.cluster.env
        net, ports = cluster.cloud_settings.network, cluster.cloud_settings.ports
        data_clients = [API, WORKER, *([RETRAINING] if env.retraining.enabled else [])]
        NamespaceFirewall(
            self, "NetworkPolicies", namespace=cluster.namespace, labels=base.for_part(base.name, "networking"),
            ingress_namespace=cluster.platform.ingress_namespace, api=API, api_port=API_PORT, worker=WORKER,
            worker_port=WORKER_PORT,
            data=DataServices(net.vpc_cidr, ports.database, ports.cache, ports.broker), data_clients=data_clients,
            object_storage_cidrs=list(net.object_storage_cidrs),
            object_storage_clients=[WORKER, *([RETRAINING] if env.retraining.enabled else [])],
            api_server_cidrs=list(net.api_server_cidrs),
            api_server_clients=[SCALER] if env.off_hours.enabled else [],
        )
