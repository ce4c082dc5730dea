"""What every cluster has without the tree: Kubernetes' own objects, and what each cloud's managed cluster
runs, as its Terraform stack configures it (a driver the stack turns off is absent; an add-on it declares is
present)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from fleetform.integrity import capabilities as cap
from fleetform.integrity.model import Cluster, Resource, dig
from fleetform.integrity.selectors import Pod
from fleetform.integrity.world import Capability, Produced, Production

KUBERNETES = "Kubernetes"
#: API groups the API server serves itself (no CRD needed).
BUILT_IN_GROUPS = frozenset(
    {
        "",
        "admissionregistration.k8s.io",
        "apiextensions.k8s.io",
        "apps",
        "autoscaling",
        "batch",
        "certificates.k8s.io",
        "coordination.k8s.io",
        "discovery.k8s.io",
        "events.k8s.io",
        "flowcontrol.apiserver.k8s.io",
        "networking.k8s.io",
        "node.k8s.io",
        "policy",
        "rbac.authorization.k8s.io",
        "scheduling.k8s.io",
        "storage.k8s.io",
    }
)
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
PRIORITY_CLASSES = ("system-cluster-critical", "system-node-critical")
#: The user-facing ClusterRoles the API server creates (RBAC "Default roles and role bindings").
CLUSTER_ROLES = ("admin", "cluster-admin", "edit", "view")
#: The cluster DNS of all three clouds (EKS and AKS CoreDNS, GKE kube-dns) runs in kube-system with this
#: label, tolerating the system pools' ``CriticalAddonsOnly`` taint.
DNS_LABELS = {"k8s-app": "kube-dns"}


def kubernetes_production(cluster: Cluster) -> Production:
    objects = [Produced("Namespace", "", n, KUBERNETES, "built in") for n in NAMESPACES]
    objects += [Produced("PriorityClass", "", n, KUBERNETES, "built in") for n in PRIORITY_CLASSES]
    objects += [Produced("ClusterRole", "", n, KUBERNETES, "built in") for n in CLUSTER_ROLES]
    dns_spec = {"tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"}]}
    dns = Pod(
        "kube-system", DNS_LABELS, "Deployment", "coredns", spec=dns_spec, by=f"{cluster.cloud or 'the'} cluster DNS"
    )
    ports = [{"name": "dns", "port": 53}, {"name": "dns-tcp", "port": 53}]
    service = {"spec": {"selector": DNS_LABELS, "ports": ports}}
    objects.append(Produced("Service", "kube-system", "kube-dns", dns.by, "built in", service))
    return Production(objects=tuple(objects), pods=(dns,))


def namespace_defaults(namespaces: Iterable[str]) -> Production:
    """Each namespace's ``default`` ServiceAccount and ``kube-root-ca.crt`` ConfigMap."""
    objects = []
    for namespace in namespaces:
        objects.append(Produced("ServiceAccount", namespace, "default", KUBERNETES, "built in"))
        objects.append(Produced("ConfigMap", namespace, "kube-root-ca.crt", KUBERNETES, "built in"))
    return Production(objects=tuple(objects))


def cloud_production(cluster: Cluster) -> Production:
    """What the managed cluster of ``cluster.cloud`` serves, per its stack (nothing without a stack)."""
    if cluster.stack is None:
        return Production()
    found = {"aws": _eks, "azure": _aks, "gcp": _gke}.get(cluster.cloud or "")
    return Production(capabilities=tuple(found(cluster) if found else ()))


def _eks(cluster: Cluster) -> Iterator[Capability]:
    """EKS: add-ons are what the stack declares (``aws_eks_addon``); the VPC CNI enforces NetworkPolicies
    only with ``enableNetworkPolicy``; IRSA needs the cluster's OIDC provider."""
    assert cluster.stack is not None
    drivers = {"aws-ebs-csi-driver": "ebs.csi.aws.com", "aws-efs-csi-driver": "efs.csi.aws.com"}
    for addon in cluster.stack.of_type("aws_eks_addon"):
        name = str(addon.data.get("addon_name"))
        if name in drivers:
            yield Capability(cap.provisioner(drivers[name]), addon.label)
        if name == "snapshot-controller":
            yield Capability(cap.crd("snapshot.storage.k8s.io"), addon.label)
        if name == "vpc-cni" and '"enableNetworkPolicy": "true"' in str(addon.data.get("configuration_values")):
            yield Capability(cap.NETWORK_POLICY, addon.label)
    for provider in cluster.stack.of_type("aws_iam_openid_connect_provider")[:1]:
        yield Capability(cap.EKS_IRSA, provider.label)
    for eks in cluster.stack.of_type("aws_eks_cluster"):
        if dig(eks.data, "compute_config", "enabled"):  # EKS Auto Mode: nodes, block storage, load balancers
            yield from _all(eks, cap.NODE_AUTOSCALER, cap.provisioner("ebs.csi.eks.amazonaws.com"))


def _aks(cluster: Cluster) -> Iterator[Capability]:
    """AKS: the disk and file CSI drivers are on unless ``storage_profile`` turns them off; network policy,
    workload identity and the Application Gateway ingress controller as configured."""
    assert cluster.stack is not None
    for aks in cluster.stack.of_type("azurerm_kubernetes_cluster"):
        storage = _block(aks.data.get("storage_profile"))
        for driver, flag, default in (
            ("disk.csi.azure.com", "disk_driver_enabled", True),
            ("file.csi.azure.com", "file_driver_enabled", True),
            ("blob.csi.azure.com", "blob_driver_enabled", False),
        ):
            if storage.get(flag, default):
                yield Capability(cap.provisioner(driver), f"{aks.label} (built in)")
        if dig(aks.data, "network_profile", "network_policy"):
            yield Capability(cap.NETWORK_POLICY, f"{aks.label} network_profile.network_policy")
        if aks.data.get("workload_identity_enabled"):
            yield Capability(cap.AKS_WORKLOAD_IDENTITY, f"{aks.label} workload_identity_enabled")
        if aks.data.get("ingress_application_gateway"):
            gateway = f"{aks.label} ingress_application_gateway"
            yield from _all_by(gateway, cap.APPLICATION_GATEWAY_INGRESS, cap.ingress_class("azure-application-gateway"))
        if aks.data.get("web_app_routing"):
            yield Capability(cap.ingress_class("webapprouting.kubernetes.azure.com"), f"{aks.label} web_app_routing")


def _gke(cluster: Cluster) -> Iterator[Capability]:
    """GKE: the Persistent Disk CSI driver, HTTP load balancing (ingress classes ``gce``/``gce-internal``,
    BackendConfig/FrontendConfig, NEGs) and the GPU device plugin are on unless ``addons_config`` turns
    them off; Gateway API with ``gateway_api_config``; Dataplane V2 enforces NetworkPolicies."""
    assert cluster.stack is not None
    for gke in cluster.stack.of_type("google_container_cluster"):
        addons = _block(gke.data.get("addons_config"))
        built_in = f"{gke.label} (built in)"
        if _block(addons.get("gce_persistent_disk_csi_driver_config")).get("enabled", True):
            yield Capability(cap.provisioner("pd.csi.storage.gke.io"), built_in)
        if _block(addons.get("gcp_filestore_csi_driver_config")).get("enabled"):
            yield Capability(cap.provisioner("filestore.csi.storage.gke.io"), f"{gke.label} addons_config")
        if not _block(addons.get("http_load_balancing")).get("disabled"):
            classes = (cap.ingress_class("gce"), cap.ingress_class("gce-internal"))
            yield from _all_by(built_in, *classes, cap.crd("cloud.google.com"), cap.crd("networking.gke.io"))
        channel = dig(_block(gke.data.get("gateway_api_config")), "channel")
        if channel and channel != "CHANNEL_DISABLED":
            yield from _all_by(
                f"{gke.label} gateway_api_config", cap.crd("gateway.networking.k8s.io"), cap.crd("networking.gke.io")
            )
        if gke.data.get("datapath_provider") == "ADVANCED_DATAPATH" or _block(gke.data.get("network_policy")).get(
            "enabled"
        ):
            yield Capability(cap.NETWORK_POLICY, f"{gke.label} datapath_provider")
        if dig(_block(gke.data.get("workload_identity_config")), "workload_pool"):
            yield Capability(cap.GKE_WORKLOAD_IDENTITY, f"{gke.label} workload_identity_config")
        yield Capability(cap.GPU_DEVICE_PLUGIN, built_in)
        yield Capability(cap.crd("snapshot.storage.k8s.io"), built_in)


def _block(value: Any) -> Mapping[str, Any]:
    """A nested Terraform block: a map, or a list holding one (both spellings are valid JSON config)."""
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, Mapping) else {}


def _all(resource: Resource, *names: str) -> Iterator[Capability]:
    return _all_by(resource.label, *names)


def _all_by(by: str, *names: str) -> Iterator[Capability]:
    return (Capability(name, by) for name in names)
