"""Every cloud is listed once, under its own name, and names a Terraform builder that exists; names of
cloud resources follow the site."""

from __future__ import annotations

import importlib
import inspect

from fleetform.clouds import CLOUDS, Site
from fleetform.clouds.aws import Aws
from fleetform.clouds.azure import Azure
from fleetform.clouds.gcp import Gcp


def test_every_cloud_listed_under_its_name() -> None:
    assert list(CLOUDS) == ["aws", "azure", "gcp"]
    assert [type(cloud) for cloud in CLOUDS.values()] == [Aws, Azure, Gcp]
    assert all(name == cloud.name for name, cloud in CLOUDS.items())


def test_every_builder_module_has_a_build_function() -> None:
    for cloud in CLOUDS.values():
        build = importlib.import_module(cloud.terraform_builder).build
        assert list(inspect.signature(build).parameters) == ["stack", "ctx"], cloud.name


def test_site_names() -> None:
    site = Site("ml-platform", "staging", "acme-ml-staging", "europe-west4", "europe-west1", False)
    assert (site.prefix, site.name("vpc")) == ("ml-platform-staging", "ml-platform-staging-vpc")
    assert site.compact_name("models") == "mlplatformstagmodels"
    assert site.compact_name("drmodels-and-more", limit=24) == "mlplatformstagdrmodelsan"
