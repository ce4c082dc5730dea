"""Where the public load balancer of a cluster delivers its requests: one definition, read by both halves (the
gateway's Service values and the TargetGroupBinding on the Kubernetes side, the target group, backend pool or
backend service and their health checks on the Terraform side)."""

from __future__ import annotations

from fleetform.clouds import Backend, Exposure
from fleetform.settings.bundle import Cluster

#: The Istio ingress gateway: the gateway chart's release in ``ingress_namespace``, whose Service has the
#: release's name. Its pods serve the Gateway's plain HTTP server on 80 and answer ``/healthz/ready`` on the status
#: port once Envoy has its configuration (the readiness probe istiod's gateway injection template sets).
GATEWAY_SERVICE = "istio-ingressgateway"
GATEWAY_HTTP_PORT = 80
GATEWAY_STATUS_PORT, GATEWAY_READY_PATH = 15021, "/healthz/ready"
#: The inference API: Service ``api`` on port 80 -> the pods' port 8080, which answers ``/ready`` when the model
#: is loaded (the Deployment's readiness probe).
API, SERVICE_PORT, API_PORT, API_READY_PATH = "api", 80, 8080, "/ready"


def ingress_backend(cluster: Cluster) -> Backend:
    """The ingress gateway with the mesh on; without it, the API's own Service."""
    if cluster.env.mesh:
        return Backend(
            namespace=cluster.platform.ingress_namespace,
            service=GATEWAY_SERVICE,
            port=GATEWAY_HTTP_PORT,
            target_port=GATEWAY_HTTP_PORT,  # the chart's pods listen on 80 themselves (unprivileged-port sysctl)
            health_path=GATEWAY_READY_PATH,
            health_port=GATEWAY_STATUS_PORT,
            health_service_port=GATEWAY_STATUS_PORT,  # the chart's Service exposes the status port as itself
        )
    return Backend(
        namespace=cluster.namespace,
        service=API,
        port=SERVICE_PORT,
        target_port=API_PORT,
        health_path=API_READY_PATH,
        health_port=API_PORT,
        health_service_port=SERVICE_PORT,  # the API's Service port 80 targets the pods' 8080
    )


def ingress_exposure(cluster: Cluster) -> Exposure:
    """How the cluster's cloud exposes :func:`ingress_backend` to its public load balancer."""
    address = cluster.cloud_settings.network.ingress_ip
    return cluster.cloud.exposure(cluster.site, ingress_backend(cluster), address)
