"""One source per bound: the replica bounds of the settings are the params of policy ``k8s-hpa-bounds``, so
what the loader accepts the policy admits, and what the policy refuses the loader refuses first."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.policy.api import check_paths
from fleetform.settings import load_settings
from fleetform.settings.agreement import check_environment, hpa_bounds, read_hpa_bounds
from fleetform.settings.model import EnvironmentSettings, Replicas
from fleetform.settings.yamlfile import parse_settings_text

HPA = """apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: api, namespace: ml-{env}}}
spec:
  minReplicas: {low}
  maxReplicas: {high}
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: api}}
"""


def _policy_messages(tmp_path: Path, env: str, low: int, high: int) -> list[str]:
    folder = tmp_path / f"aws-{env}"  # the cluster folder picks the params of the environment
    folder.mkdir(exist_ok=True)
    (folder / "hpa.yaml").write_text(HPA.format(env=env, low=low, high=high))
    report = check_paths([folder], only=["k8s-hpa-bounds"])
    return [f.message for f in report.findings]


def test_production_defaults_are_the_policy_bounds() -> None:
    assert hpa_bounds("production", read_hpa_bounds()) == (Replicas().min, Replicas().max) == (3, 50)


@pytest.mark.parametrize("env", ["dev", "production"])
def test_settings_and_policy_agree_on_each_bound(settings_copy: Path, tmp_path: Path, env: str) -> None:
    low, high = hpa_bounds(env, read_hpa_bounds())
    path = settings_copy / "environments" / f"{env}.yaml"
    replicas = f"replicas: {{min: {low}, max: {high}}}"
    text = path.read_text()
    if "api:" in text:  # dev sets its own bounds (its first "replicas:" is the api's)
        path.write_text(text.replace("replicas: {min: 1, max: 3}", replicas, 1))
    else:
        path.write_text(f"{text}api:\n  {replicas}\n")
    assert load_settings(settings_copy).environments[env].api.replicas == Replicas(low, high)
    assert _policy_messages(tmp_path, env, low, high) == []

    path.write_text(path.read_text().replace(f"max: {high}}}", f"max: {high + 1}}}", 1))
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert f"api.replicas.max: {high + 1} is outside {low}..{high}, the bounds of policy k8s-hpa-bounds" in (
        info.value.message
    )
    assert _policy_messages(tmp_path, env, low, high + 1) == [f"maxReplicas {high + 1} is above {high}"]


def test_the_loader_reads_its_bounds_from_the_params() -> None:
    params = parse_settings_text('production: {minReplicas: "4", maxReplicas: "40"}\n', "params.yaml")
    env = parse_settings_text("api:\n  replicas: {min: 3, max: 50}\n", "production.yaml")
    with pytest.raises(UserError) as info:
        check_environment("production", EnvironmentSettings(), env, params)
    assert info.value.message == (
        "production.yaml:2: api.replicas.min: 3 is outside 4..40, the bounds of policy k8s-hpa-bounds for "
        "production; expected min >= 4"
    )


def test_params_that_are_not_numbers_are_located() -> None:
    params = parse_settings_text('default: {minReplicas: "1", maxReplicas: fifty}\n', "params.yaml")
    with pytest.raises(UserError) as info:
        hpa_bounds("dev", params)
    assert info.value.message == "params.yaml:1: default.maxReplicas: got 'fifty'; expected a number in quotes"
