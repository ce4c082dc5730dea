"""Names of what controllers serve (the world's capabilities), shared by the producers that provide them
and the rules that require them."""

from __future__ import annotations

#: The AWS Load Balancer Controller: Services with ``aws-load-balancer-type: external`` / ``nlb-ip``,
#: ``loadBalancerClass: service.k8s.aws/nlb``, TargetGroupBindings.
AWS_LOAD_BALANCER_CONTROLLER = "aws-load-balancer-controller"
#: Something that adds nodes when pods are pending (Karpenter, the Cluster Autoscaler, the cloud's own).
NODE_AUTOSCALER = "node-autoscaler"
#: A device plugin that advertises ``nvidia.com/gpu`` on GPU nodes.
GPU_DEVICE_PLUGIN = "nvidia-device-plugin"
#: Istio's sidecar injector (istiod's mutating webhook).
SIDECAR_INJECTOR = "istio-sidecar-injector"
#: A CNI that enforces NetworkPolicies.
NETWORK_POLICY = "network-policy"
#: cert-manager: Certificates become Secrets, ACME issuers get their account key Secret.
CERT_MANAGER = "cert-manager"
#: External Secrets Operator: ExternalSecrets become Secrets.
EXTERNAL_SECRETS = "external-secrets"
#: The Application Gateway Ingress Controller (fills an Application Gateway's backend pools).
APPLICATION_GATEWAY_INGRESS = "application-gateway-ingress-controller"
#: The clouds' workload identity: EKS IRSA (an OIDC provider), the AKS webhook, GKE's metadata server.
EKS_IRSA = "eks-irsa"
AKS_WORKLOAD_IDENTITY = "aks-workload-identity"
GKE_WORKLOAD_IDENTITY = "gke-workload-identity"


def crd(group: str) -> str:
    """The CRDs of API group ``group`` are installed (and served by their controller)."""
    return f"crd:{group}"


def provisioner(name: str) -> str:
    """A CSI driver (or in-tree provisioner) that provisions volumes of StorageClass ``provisioner: name``."""
    return f"provisioner:{name}"


def ingress_class(name: str) -> str:
    return f"ingress-class:{name}"


def load_balancer_class(name: str) -> str:
    return f"load-balancer-class:{name}"


def velero_plugin(provider: str) -> str:
    """Velero has the object store plugin of ``provider`` (a BackupStorageLocation's ``spec.provider``)."""
    return f"velero-plugin:{provider}"


def flux(controller: str) -> str:
    """Flux's ``controller`` (``source-controller``, ``helm-controller``...) runs in the cluster."""
    return f"flux:{controller}"
