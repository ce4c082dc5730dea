"""Layer ``controllers``: the platform's controllers, installed by Flux from pinned Helm charts."""

from __future__ import annotations

from typing import Any, cast

from constructs import Construct

from fleetform.clouds import BACKUP_SERVICE_ACCOUNT
from fleetform.k8s import flagger, secret_delivery
from fleetform.k8s.alert_routing import alertmanager_values
from fleetform.k8s.charts.base import LayerChart
from fleetform.k8s.charts.capacity import add_capacity_controllers
from fleetform.k8s.charts.runtime_security import add_falco
from fleetform.k8s.charts.telemetry import add_telemetry_controllers, gateway_flows, istiod_mesh_config
from fleetform.k8s.constructs.controller_network_policies import ControllerFirewall, Flows, PodPeer, Scrape
from fleetform.k8s.constructs.namespace import PlatformNamespace, PssLevel
from fleetform.k8s.constructs.network_policies import NAME_LABEL
from fleetform.k8s.constructs.service_account import WorkloadServiceAccount
from fleetform.k8s.inputs import ClusterInputs
from fleetform.k8s.names import (
    API,
    API_PORT,
    CERT_MANAGER_NS,
    EXTERNAL_SECRETS_NS,
    FLAGGER_NS,
    ISTIO_NS,
    MONITORING_NS,
    PROMETHEUS_PORT,
    VELERO_NS,
)
from fleetform.settings.ingress import ingress_exposure

#: Where Istio 1.30's published images live (its default registry since 1.30).
ISTIO_HUB = "registry.istio.io/release"
REPOSITORIES = {
    "istio": "https://istio-release.storage.googleapis.com/charts",
    "jetstack": "https://charts.jetstack.io",
    "prometheus-community": "https://prometheus-community.github.io/helm-charts",
    "vmware-tanzu": "https://vmware-tanzu.github.io/helm-charts",
    secret_delivery.REPOSITORY[0]: secret_delivery.REPOSITORY[1],
}


class ControllersChart(LayerChart):
    """Istio (base, CNI, istiod, ingress gateway) when the mesh is on, cert-manager, kube-prometheus-stack
    (with Alertmanager's routing), Velero, External Secrets Operator, and the controller the cloud's load
    balancing needs (AWS: the AWS Load Balancer Controller) in a namespace of its own, the telemetry
    pipelines (:mod:`fleetform.k8s.charts.telemetry`), Falco where runtime security is on
    (:mod:`fleetform.k8s.charts.runtime_security`) and Flagger where the environment's ``delivery`` is canary or
    blue-green (:mod:`fleetform.k8s.flagger`). Namespaces whose
    controllers need host access (Istio CNI, node exporter, Velero's node agent) enforce the ``privileged``
    Pod Security level; the others ``restricted``. Every namespace denies all traffic but the flows its
    controllers need (:meth:`_firewalls`)."""

    layer = "controllers"

    def __init__(self, scope: Construct, inputs: ClusterInputs) -> None:
        super().__init__(scope, inputs)
        cluster = self.cluster
        version = f"v{cluster.platform.kubernetes_version}"
        namespaces: dict[str, PssLevel] = {
            CERT_MANAGER_NS: "restricted",
            EXTERNAL_SECRETS_NS: "restricted",
            MONITORING_NS: "privileged",
            VELERO_NS: "privileged",
        }
        if cluster.env.mesh:
            namespaces |= {ISTIO_NS: "privileged", cluster.platform.ingress_namespace: "restricted"}
        progressive = cluster.env.delivery.progressive
        if progressive:
            namespaces[FLAGGER_NS] = "restricted"
        self.lb_controller = cluster.cloud.load_balancer_controller(cluster.site)
        if self.lb_controller is not None:
            namespaces[self.lb_controller.name] = "restricted"
        for name, level in sorted(namespaces.items()):
            PlatformNamespace(
                self,
                f"ns-{name}",
                name=name,
                labels=self.labels_for("controllers"),
                pss_version=version,
                enforce=level,
                extra_labels={"istio-injection": "enabled"} if name == cluster.platform.ingress_namespace else None,
            )
        self._firewalls(sorted(namespaces))
        for name, url in REPOSITORIES.items():
            if name == "istio" and not cluster.env.mesh:
                continue
            self.repository(name, url)
        if cluster.env.mesh:
            self._istio()
        charts = cluster.platform.charts
        if progressive:
            repo, url = flagger.REPOSITORY
            self.repository(repo, url)
            self.release("flagger", FLAGGER_NS, "flagger", charts.flagger, repo, flagger.values(charts.flagger))
        if (lbc := self.lb_controller) is not None:
            repo = lbc.repository
            self.repository(repo, lbc.url)
            version = cast(str, getattr(charts, lbc.version_setting))
            self.release(lbc.name, lbc.name, lbc.chart, version, repo, dict(lbc.values))
        self.release(
            "cert-manager",
            CERT_MANAGER_NS,
            "cert-manager",
            charts.cert_manager,
            "jetstack",
            {"crds": {"enabled": True}, "replicaCount": 2, "podDisruptionBudget": {"enabled": True}},
        )
        self.release(
            "kube-prometheus-stack",
            MONITORING_NS,
            "kube-prometheus-stack",
            charts.kube_prometheus_stack,
            "prometheus-community",
            {
                "prometheus": {
                    "prometheusSpec": {
                        "serviceMonitorSelectorNilUsesHelmValues": False,
                        "ruleSelectorNilUsesHelmValues": False,
                        "retention": "15d",
                    }
                },
                "alertmanager": alertmanager_values(cluster.env.alerts.receivers),
            },
        )
        self.release("velero", VELERO_NS, "velero", charts.velero, "vmware-tanzu", self._velero_values())
        self._external_secrets()
        add_capacity_controllers(self)
        add_telemetry_controllers(self)
        add_falco(self)

    def _firewalls(self, namespaces: list[str]) -> None:
        """The flows of each chart (ports are the charts' container ports):

        - cert-manager: its webhook (10250) is called by the API server; the controller reaches the ACME
          server (443) and self-checks HTTP-01 challenges on the public name (80), served by the gateway;
        - monitoring: the operator's admission webhook (10250); Prometheus scrapes every pod and the nodes;
          Alertmanager calls its receivers (443);
        - velero: object storage and the cloud's snapshot APIs (443), and the node-local token endpoint of
          the cloud's workload identity where it has one (GKE's metadata server);
        - external-secrets: its webhook (10250) is called by the API server; the controller reaches the
          cloud's secret store and token services (443: Secrets Manager and STS, Key Vault through its
          private endpoint and Entra ID, Secret Manager and Google's STS) and the node-local token endpoint;
        - istio-system: istiod's injection/validation webhook (15017) and the sidecars' and gateways'
          config and certificates (15012, from every namespace);
        - the ingress gateway's namespace: load balancer clients on 80/443 (the gateway binds them itself,
          unprivileged, through its pod's ``ip_unprivileged_port_start`` sysctl) and health checks (15021);
          the gateway reaches istiod, the API's pods and (tracing on) the collector;
        - flagger-system: Flagger queries Prometheus (9090), which admits it;
        - the cloud's load balancer controller (AWS): its admission webhooks, and the cloud's APIs (443).
        """
        cluster = self.cluster
        net, ingress_ns = cluster.cloud_settings.network, cluster.platform.ingress_namespace
        flows = {
            CERT_MANAGER_NS: Flows(
                webhook_ports=(10250,),
                internet_ports=(80, 443),
                # The self-check of an HTTP-01 challenge goes to the gateway's load balancer address, which
                # kube-proxy and Cilium send straight to the gateway pods: an ipBlock would not match them.
                egress_to=(PodPeer(ingress_ns, (80,)),) if cluster.env.mesh else (),
            ),
            MONITORING_NS: Flows(
                webhook_ports=(10250,),
                internet_ports=(443,),
                scrape=Scrape(),
                ingress_from=(PodPeer(FLAGGER_NS, (PROMETHEUS_PORT,)),) if FLAGGER_NS in namespaces else (),
            ),
            VELERO_NS: Flows(internet_ports=(443,), identity_endpoints=cluster.cloud.identity_endpoints),
            EXTERNAL_SECRETS_NS: Flows(
                webhook_ports=(secret_delivery.WEBHOOK_PORT,),
                internet_ports=(443,),
                identity_endpoints=cluster.cloud.identity_endpoints,
            ),
            ISTIO_NS: Flows(webhook_ports=(15017,), mesh_ports=(15012,)),
            ingress_ns: Flows(
                public_ports=(80, 443, 15021),
                egress_to=(
                    PodPeer(ISTIO_NS, (15012,), (("app", "istiod"),)),
                    PodPeer(cluster.namespace, (API_PORT,), ((NAME_LABEL, API),)),
                    *gateway_flows(cluster),
                ),
            ),
        }
        if FLAGGER_NS in namespaces:
            flows[FLAGGER_NS] = flagger.flows()
        if (lbc := self.lb_controller) is not None:
            flows[lbc.name] = Flows(webhook_ports=lbc.webhook_ports, internet_ports=lbc.internet_ports)
        for name in namespaces:
            ControllerFirewall(
                self,
                f"netpol-{name}",
                namespace=name,
                labels=self.labels_for("networking"),
                api_server_cidrs=list(net.api_server_cidrs),
                monitoring_namespace=MONITORING_NS,
                flows=flows[name],
            )

    def _istio(self) -> None:
        """Istio's images come from :data:`ISTIO_HUB`, written out so that image allowlists (the
        ``k8s-image-registries`` policy, GKE's Binary Authorization) match what runs. On GKE the ``gke``
        platform profile also makes the CNI chart create the ResourceQuota GKE requires for
        ``system-node-critical`` pods outside ``kube-system``. The ingress gateway's Service is exposed to the
        cloud's public load balancer as the cloud says (:func:`fleetform.settings.ingress.ingress_exposure`)."""
        cluster, version = self.cluster, self.cluster.platform.charts.istio
        exposure = ingress_exposure(cluster)
        platform = {"platform": cluster.cloud.istio_platform} if cluster.cloud.istio_platform else {}
        istio_global = {"global": {"hub": ISTIO_HUB, **platform}}
        self.release("istio-base", ISTIO_NS, "base", version, "istio", {"defaultRevision": "default"})
        self.release("istio-cni", ISTIO_NS, "cni", version, "istio", istio_global, ["istio-base"])
        self.release(
            "istiod",
            ISTIO_NS,
            "istiod",
            version,
            "istio",
            {
                **istio_global,
                "pilot": {"cni": {"enabled": True}},
                "meshConfig": {"accessLogFile": "/dev/stdout", **istiod_mesh_config(cluster)},
            },
            ["istio-cni"],
        )
        self.release(
            "istio-ingressgateway",
            cluster.platform.ingress_namespace,
            "gateway",
            version,
            "istio",
            {
                "labels": {"istio": "ingressgateway"},
                "service": {
                    "type": exposure.service_type,
                    **({"annotations": dict(sorted(exposure.annotations.items()))} if exposure.annotations else {}),
                },
                "autoscaling": {"minReplicas": 2 if cluster.environment != "production" else 3},
                # The chart sets no seccomp profile and its namespace enforces Pod Security "restricted";
                # setting the pod securityContext replaces the chart's, so its sysctl (binding 80/443
                # unprivileged) is repeated.
                "securityContext": {
                    "seccompProfile": {"type": "RuntimeDefault"},
                    "sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}],
                },
            },
            [f"{ISTIO_NS}/istiod"],
        )

    def _external_secrets(self) -> None:
        """The operator, and the ServiceAccount the ClusterSecretStore reads the cloud's store as: bound to the
        identity the Terraform stack grants read access to the platform's entries (no pod runs as it)."""
        cluster = self.cluster
        reader = secret_delivery.store_reader()
        WorkloadServiceAccount(
            self,
            "secret-store-reader",
            name=reader["name"],
            namespace=reader["namespace"],
            labels=self.labels_for("secrets"),
            annotations=cluster.cloud.service_account_annotations(cluster.secret_store_identity),
        )
        self.release(
            "external-secrets",
            EXTERNAL_SECRETS_NS,
            "external-secrets",
            cluster.platform.charts.external_secrets,
            secret_delivery.REPOSITORY[0],
            secret_delivery.operator_values(cluster),
        )

    def _velero_values(self) -> dict[str, Any]:
        cloud = self.cluster.cloud
        # The chart's images name their registries (docker.io/velero/velero; the CRD upgrade job runs
        # registry.k8s.io/kubectl at the cluster's version), as image allowlists such as GKE's Binary
        # Authorization policy (fleetform/terraform/gcp/admission.py) need.
        return {
            "initContainers": [
                {
                    "name": f"velero-plugin-for-{cloud.velero_provider}",
                    "image": cloud.velero_plugin,
                    "volumeMounts": [{"mountPath": "/target", "name": "plugins"}],
                }
            ],
            "credentials": {"useSecret": False},
            "serviceAccount": {
                "server": {
                    "name": BACKUP_SERVICE_ACCOUNT,
                    "annotations": cloud.service_account_annotations(
                        cloud.backup_identity(self.cluster.site, self.cluster.identity)
                    ),
                }
            },
            "podLabels": cloud.pod_labels(),
            "configuration": {"backupStorageLocation": [], "volumeSnapshotLocation": []},
            "snapshotsEnabled": False,
        }
