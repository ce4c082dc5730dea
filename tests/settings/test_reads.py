"""A recording view of a cluster notes the settings read through it, leaf by leaf, and tells a change."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from fleetform.settings import Cluster, load_settings
from fleetform.settings.reads import Reads, recording, unchanged
from fleetform.terraform.context import StackContext


def _cluster(repo: Path, cluster_id: str = "aws-staging") -> Cluster:
    return next(c for c in load_settings(repo / "settings").clusters() if c.id == cluster_id)


def test_fields_properties_and_methods_are_recorded_by_the_leaves_they_read(repo: Path) -> None:
    log: Reads = {}
    ctx = StackContext(recording(_cluster(repo), log))
    assert (ctx.env.app_pool.max, ctx.name("vpc"), ctx.cluster.platform.images.api.tag) == (
        7,
        "ml-platform-staging-vpc",
        "1.4.2",
    )
    assert log == {
        "env.infra.app_pool.max": "7",
        "cloud_settings.accounts": "{'dev': '111111111111', 'production': '333333333333', 'staging': '222222222222'}",
        "cloud_settings.region": "'us-east-1'",
        "cloud_settings.dr_region": "'us-west-2'",
        "env.infra.disaster_recovery": "False",
        "environment": "'staging'",
        "platform.name": "'ml-platform'",
        "platform.images.api.tag": "'1.4.2'",
    }


def test_code_objects_are_recorded_by_type(repo: Path) -> None:
    log: Reads = {}
    assert recording(_cluster(repo), log).cloud.name == "aws"
    assert log == {"cloud": "<fleetform.clouds.aws.Aws>"}


def test_comparing_a_settings_object_records_it_whole(repo: Path) -> None:
    log: Reads = {}
    cluster = recording(_cluster(repo), log)
    assert cluster.env.infra.app_pool == _cluster(repo).env.infra.app_pool
    assert log == {"env.infra.app_pool": "Pool(min=2, max=7)"}


def test_the_view_is_read_only(repo: Path) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        recording(_cluster(repo), {}).env.infra.app_pool.max = 9  # type: ignore[misc]


def test_unchanged_compares_each_read_with_another_cluster(repo: Path) -> None:
    cluster = _cluster(repo)
    log: Reads = {}
    assert StackContext(recording(cluster, log)).env.monthly_budget == 8000
    replicas = dataclasses.replace(cluster.env.api.replicas, max=11)  # the Kubernetes half reads it, no stack
    more_api = dataclasses.replace(cluster.env, api=dataclasses.replace(cluster.env.api, replicas=replicas))
    assert unchanged(dataclasses.replace(cluster, env=more_api), log)
    budget = dataclasses.replace(cluster.env.infra, monthly_budget=9000)
    assert not unchanged(dataclasses.replace(cluster, env=dataclasses.replace(cluster.env, infra=budget)), log)
    assert not unchanged(cluster, {"env.no_such_field": "1"})
