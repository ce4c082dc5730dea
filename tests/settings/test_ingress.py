"""Where the public load balancer delivers: one description for both halves, from the settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from fleetform.clouds import CLOUDS, Backend, Exposure, Site
from fleetform.settings import load_settings
from fleetform.settings.ingress import ingress_backend, ingress_exposure
from fleetform.settings.services import ChartVersions


def test_with_the_mesh_the_load_balancer_delivers_to_the_ingress_gateway(repo: Path) -> None:
    (cluster,) = [c for c in load_settings(repo / "settings").clusters() if c.id == "azure-staging"]
    assert ingress_backend(cluster) == Backend(
        namespace="istio-ingress",
        service="istio-ingressgateway",
        port=80,
        target_port=80,
        health_path="/healthz/ready",
        health_port=15021,
        health_service_port=15021,
    )
    assert ingress_exposure(cluster) == Exposure(
        "LoadBalancer",
        {
            "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
            "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.20.31.250",
        },
    )


def test_without_the_mesh_it_delivers_to_the_api(settings_copy: Path) -> None:
    prod = settings_copy / "environments/production.yaml"
    prod.write_text(prod.read_text() + "mesh: false\ndelivery: {strategy: rolling}\n")
    (cluster,) = [c for c in load_settings(settings_copy).clusters() if c.id == "aws-production"]
    assert ingress_backend(cluster) == Backend(
        namespace="ml-production",
        service="api",
        port=80,
        target_port=8080,
        health_path="/ready",
        health_port=8080,
        health_service_port=80,
    )


def test_every_cloud_controller_is_pinned_in_the_chart_versions() -> None:
    site = Site("ml-platform", "production", "333333333333", "us-east-1", "us-west-2", True)
    pins = {field.name for field in dataclasses.fields(ChartVersions)}
    controllers = [c for c in (cloud.load_balancer_controller(site) for cloud in CLOUDS.values()) if c is not None]
    assert [(c.name, c.version_setting in pins) for c in controllers] == [("aws-load-balancer-controller", True)]
    assert ChartVersions().aws_load_balancer_controller == "3.5.0"
