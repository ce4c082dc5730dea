"""How a request from the internet reaches a Service of the cluster: the shapes every cloud fills in.

The public load balancer is the cloud's WAF-protected one that the Terraform stack creates (AWS ALB + WAFv2,
Azure Application Gateway WAF_v2, Google global external Application Load Balancer + Cloud Armor). It ends the
client's TLS, filters the request and sends it as plain HTTP, inside the VPC, to the :class:`Backend`: the Istio
ingress gateway's Service, or the API's own Service when the mesh is off. How the Service is exposed to that load
balancer is the cloud's :class:`Exposure`; what the cloud must run in the cluster for it (AWS: the AWS Load
Balancer Controller) is its :class:`ControllerRelease`.

The cloud objects (``fleetform/clouds/<cloud>.py``) name the cloud resources both halves refer to (target group,
network endpoint groups, the controller's IAM role), each with one function, so the halves cannot drift.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

#: The node subnet of every stack: the first /19 of the VPC (``StackContext.private_subnets``; on Azure the one
#: subnet all zones share).
NODE_SUBNET_PREFIX = 19


@dataclass(frozen=True)
class Backend:
    """The Service the public load balancer sends requests to, as plain HTTP: to the Service's ``port``, which
    targets the pods' ``target_port``. The load balancer checks the pods with ``GET health_path``: on their
    ``health_port`` where it sends to pod addresses (AWS, GCP), on the Service's ``health_service_port`` (which
    targets that pod port) where it sends to the Service's own load balancer (Azure)."""

    namespace: str
    service: str
    port: int
    target_port: int
    health_path: str
    health_port: int
    health_service_port: int


@dataclass(frozen=True)
class Exposure:
    """How the :class:`Backend`'s Service is reachable for the cloud's load balancer: its ``service_type`` and
    ``annotations``, and on AWS the ``target_group`` (name) that a TargetGroupBinding fills with the Service's
    pod addresses ("" where the cloud needs no binding)."""

    service_type: Literal["ClusterIP", "LoadBalancer"]
    annotations: Mapping[str, str] = field(default_factory=dict)
    target_group: str = ""


@dataclass(frozen=True)
class ControllerRelease:
    """A controller the cloud's load balancing needs in the cluster, installed by Flux from a Helm chart.

    ``name`` is the HelmRelease, its namespace and its ServiceAccount; ``version_setting`` the field of
    ``charts:`` (``fleetform.settings.services.ChartVersions``) that pins the chart; ``webhook_ports`` and
    ``internet_ports`` the flows its namespace's NetworkPolicies admit (admission webhooks called by the API
    server, the cloud's APIs)."""

    name: str
    chart: str
    repository: str
    url: str
    version_setting: str
    values: Mapping[str, Any]
    webhook_ports: tuple[int, ...] = ()
    internet_ports: tuple[int, ...] = ()


def subnet(vpc_cidr: str, index: int, new_prefix: int) -> str:
    """The ``index``-th subnet of size ``/new_prefix`` inside ``vpc_cidr``: how every stack cuts its subnets."""
    network = ipaddress.ip_network(vpc_cidr)
    first = network.network_address + index * 2 ** (32 - new_prefix)
    return str(ipaddress.ip_network(f"{first}/{new_prefix}"))


def node_subnet(vpc_cidr: str) -> str:
    """The nodes' subnet of a stack: ``subnet(vpc_cidr, 0, 19)``."""
    return subnet(vpc_cidr, 0, NODE_SUBNET_PREFIX)
