"""Settings load into typed data; every bad file gives one exact, located line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _error(root: Path) -> str:
    with pytest.raises(UserError) as info:
        load_settings(root)
    return info.value.message


def test_repository_settings_give_nine_clusters(repo: Path) -> None:
    settings = load_settings(repo / "settings")
    assert [c.id for c in settings.clusters()] == [
        f"{cloud}-{env}" for cloud in ("aws", "azure", "gcp") for env in ("dev", "staging", "production")
    ]


def test_production_takes_the_default_numbers(repo: Path) -> None:
    prod = load_settings(repo / "settings").environments["production"]
    assert (prod.api.replicas.min, prod.api.replicas.max) == (3, 50)
    assert (prod.autoscaling.cpu_percent, prod.autoscaling.memory_percent) == (70, 80)
    assert (prod.api.resources.requests.cpu, prod.api.resources.requests.memory) == ("4", "8Gi")
    assert (prod.api.resources.limits.cpu, prod.api.resources.limits.memory) == ("16", "32Gi")
    assert (prod.workers, prod.log_level, prod.retraining.enabled, prod.gpu.enabled) == (4, "INFO", True, False)


def test_unknown_key(settings_copy: Path) -> None:
    _edit(
        settings_copy / "environments/staging.yaml",
        "  replicas: {min: 2, max: 10}\nworker:",
        "  replica: {min: 2, max: 10}\nworker:",
    )
    assert _error(settings_copy) == (
        "settings/environments/staging.yaml:3: api.replica: unknown key; expected one of: replicas, resources"
    )


def test_wrong_type(settings_copy: Path) -> None:
    _edit(settings_copy / "environments/dev.yaml", "workers: 2", "workers: two")
    assert _error(settings_copy) == (
        "settings/environments/dev.yaml:4: workers: got 'two' (a string); expected an integer"
    )


def test_max_below_min(settings_copy: Path) -> None:
    (settings_copy / "environments/production.yaml").write_text("api:\n  replicas:\n    max: 2\n")
    assert _error(settings_copy) == (
        "settings/environments/production.yaml:3: api.replicas.max: 2 is less than min (3); expected max >= min"
    )


def test_unknown_cloud_in_platform(settings_copy: Path) -> None:
    _edit(settings_copy / "platform.yaml", "clouds: [aws, azure, gcp]", "clouds: [aws, azure, ibm]")
    assert _error(settings_copy) == (
        "settings/platform.yaml:5: clouds[2]: unknown cloud 'ibm'; expected one of: aws, azure, gcp"
    )


def test_settings_file_for_an_unknown_cloud(settings_copy: Path) -> None:
    (settings_copy / "clouds/ibm.yaml").write_text("region: eu-de\n")
    assert _error(settings_copy) == ("settings/clouds/ibm.yaml: unknown cloud 'ibm'; expected one of: aws, azure, gcp")


def test_environment_file_not_listed(settings_copy: Path) -> None:
    (settings_copy / "environments/qa.yaml").write_text("workers: 2\n")
    assert _error(settings_copy) == (
        "settings/environments/qa.yaml: unknown environment 'qa'; "
        "expected 'qa' listed in settings/platform.yaml environments, or this file removed"
    )


def test_value_out_of_range(settings_copy: Path) -> None:
    (settings_copy / "environments/production.yaml").write_text("autoscaling:\n  cpu_percent: 170\n")
    assert _error(settings_copy) == (
        "settings/environments/production.yaml:2: autoscaling.cpu_percent: 170 is too large; expected a value <= 100"
    )


def test_literal_choice(settings_copy: Path) -> None:
    _edit(settings_copy / "environments/dev.yaml", "log_level: DEBUG", "log_level: LOUD")
    assert _error(settings_copy) == (
        "settings/environments/dev.yaml:3: log_level: got 'LOUD' (a string); "
        "expected one of: DEBUG, INFO, WARNING, ERROR"
    )


def test_limits_below_requests(settings_copy: Path) -> None:
    (settings_copy / "environments/production.yaml").write_text(
        "worker:\n  resources:\n    limits: {cpu: 500m, memory: 32Gi}\n"
    )
    assert _error(settings_copy) == (
        "settings/environments/production.yaml:3: worker.resources.limits.cpu: 500m is below requests.cpu (4); "
        "expected limits.cpu >= requests.cpu"
    )


def test_unpinned_image_tag(settings_copy: Path) -> None:
    _edit(settings_copy / "platform.yaml", 'tag: "1.4.2"', "tag: latest")
    assert _error(settings_copy) == (
        "settings/platform.yaml:13: images.api.tag: 'latest' is not valid; expected an immutable tag"
    )


def test_invalid_yaml(settings_copy: Path) -> None:
    (settings_copy / "environments/dev.yaml").write_text("api:\n  replicas: {min: 1\n")
    assert _error(settings_copy) == (
        "settings/environments/dev.yaml:3: invalid YAML: expected ',' or '}', but got '<stream end>'; "
        "expected valid YAML"
    )


def test_duplicate_key(settings_copy: Path) -> None:
    (settings_copy / "environments/dev.yaml").write_text("workers: 2\nworkers: 3\n")
    assert _error(settings_copy) == "settings/environments/dev.yaml:2: workers: duplicate key; expected each key once"


def test_missing_environment_file(settings_copy: Path) -> None:
    (settings_copy / "environments/staging.yaml").unlink()
    assert _error(settings_copy) == (
        "settings/environments/staging.yaml: file not found; expected the settings file to exist"
    )


def test_identity_of_the_wrong_cloud(settings_copy: Path) -> None:
    _edit(
        settings_copy / "clouds/aws.yaml",
        "dev: arn:aws:iam::111111111111:role/ml-platform-dev-workload",
        "dev: ml-platform@acme-ml-dev.iam.gserviceaccount.com",
    )
    assert _error(settings_copy) == (
        "settings/clouds/aws.yaml:10: identities.dev: 'ml-platform@acme-ml-dev.iam.gserviceaccount.com' "
        "is not valid; expected an IAM role ARN"
    )


def test_missing_environment_in_accounts(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/gcp.yaml", "  staging: acme-ml-staging\n", "")
    assert _error(settings_copy) == (
        "settings/clouds/gcp.yaml:5: accounts: no entry for environment 'staging'; "
        "expected one entry per environment: dev, staging, production"
    )


def test_too_few_zones(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/azure.yaml", 'zones: ["1", "2", "3"]', 'zones: ["1"]')
    assert _error(settings_copy) == "settings/clouds/azure.yaml:4: zones: 1 zone(s) listed; expected at least 3 zones"


def test_the_ingress_namespace_must_be_its_own(settings_copy: Path) -> None:
    # Sharing istio-system would merge two namespaces' NetworkPolicies and drop istiod's.
    _edit(settings_copy / "platform.yaml", "ingress_namespace: istio-ingress", "ingress_namespace: istio-system")
    assert _error(settings_copy) == (
        "settings/platform.yaml:8: ingress_namespace: 'istio-system' is a namespace the platform's charts create; "
        "expected a namespace of its own, not one of flux-system, istio-system, cert-manager, monitoring, velero, "
        "external-secrets, tracing, logging, falco, flagger-system, aws-load-balancer-controller, ml-dev, "
        "ml-staging, ml-production"
    )


def test_the_ingress_namespace_is_not_the_load_balancer_controllers(settings_copy: Path) -> None:
    _edit(
        settings_copy / "platform.yaml",
        "ingress_namespace: istio-ingress",
        "ingress_namespace: aws-load-balancer-controller",
    )
    assert _error(settings_copy).startswith(
        "settings/platform.yaml:8: ingress_namespace: 'aws-load-balancer-controller' is a namespace the platform's "
        "charts create; "
    )


def test_azure_needs_the_ingress_address(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/azure.yaml", "  ingress_ip: 10.20.31.250", "  # ingress_ip: 10.20.31.250")
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:13: network.ingress_ip: not set; expected an address of the node subnet "
        "10.20.0.0/19 from 10.20.0.4 to 10.20.31.254, e.g. 10.20.31.254"
    )


def test_the_ingress_address_is_in_the_node_subnet(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/azure.yaml", "ingress_ip: 10.20.31.250", "ingress_ip: 10.20.96.10")
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:16: network.ingress_ip: 10.20.96.10 is outside the node subnet 10.20.0.0/19; "
        "expected an address of the node subnet 10.20.0.0/19 from 10.20.0.4 to 10.20.31.254, e.g. 10.20.31.254"
    )


def test_no_ingress_address_where_the_load_balancer_reaches_pods(settings_copy: Path) -> None:
    _edit(
        settings_copy / "clouds/gcp.yaml",
        "api_server_cidrs: [172.16.0.0/28]",
        "api_server_cidrs: [172.16.0.0/28]\n  ingress_ip: 10.30.0.10",
    )
    assert _error(settings_copy) == (
        "settings/clouds/gcp.yaml:16: network.ingress_ip: '10.30.0.10' is set, but the load balancer reaches the "
        "gateway's pods through NEGs on GCP; expected no ingress_ip for gcp"
    )


def test_api_server_cidrs_are_networks(settings_copy: Path) -> None:
    _edit(
        settings_copy / "clouds/azure.yaml", "api_server_cidrs: [10.20.240.0/28]", "api_server_cidrs: [10.20.240.1/28]"
    )
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:15: network.api_server_cidrs[0]: '10.20.240.1/28' is not a network address; "
        "expected a CIDR such as 10.0.0.0/16"
    )


def test_api_server_cidrs_not_empty(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/gcp.yaml", "api_server_cidrs: [172.16.0.0/28]", "api_server_cidrs: []")
    assert _error(settings_copy) == (
        "settings/clouds/gcp.yaml:15: network.api_server_cidrs: empty list; expected at least one CIDR"
    )


def test_cron_fields_a_cronjob_takes(settings_copy: Path) -> None:
    (settings_copy / "environments/production.yaml").write_text("retraining:\n  schedule: '0 3 * * ?'\n")
    assert _error(settings_copy) == (
        "settings/environments/production.yaml:2: retraining.schedule: '0 3 * * ?' is not a valid schedule "
        "(day of week field '?': '?' is not a number or one of SUN, MON, TUE, WED, THU, FRI, SAT); "
        "expected a five-field cron schedule such as '0 3 * * 0'"
    )


def test_store_identity_required_where_known_only_after_apply(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/azure.yaml", "  staging: 6f1e2d3c-2222-4222-8222-000000000002\n", "")
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:25: secret_store_identities: no entry for environment 'staging'; "
        "expected one entry per environment: dev, staging, production"
    )


def test_store_identity_checked_by_the_clouds_identity_rule(settings_copy: Path) -> None:
    _edit(settings_copy / "clouds/azure.yaml", "dev: 6f1e2d3c-2222-4222-8222-000000000001", "dev: secret-store")
    assert _error(settings_copy) == (
        "settings/clouds/azure.yaml:26: secret_store_identities.dev: 'secret-store' is not valid; "
        "expected a managed identity client id (lowercase UUID)"
    )


def test_store_identity_not_set_where_the_cloud_names_it(settings_copy: Path) -> None:
    path = settings_copy / "clouds/gcp.yaml"
    path.write_text(path.read_text() + "secret_store_identities: {dev: reader@acme-ml-dev.iam.gserviceaccount.com}\n")
    line = len(path.read_text().splitlines())
    assert _error(settings_copy) == (
        f"settings/clouds/gcp.yaml:{line}: secret_store_identities: gcp names its secret store identity itself "
        "(fleetform/clouds/gcp.py); expected no 'secret_store_identities' in this file"
    )


def test_store_identities_named_from_the_site(repo: Path) -> None:
    clusters = {c.id: c for c in load_settings(repo / "settings").clusters()}
    assert clusters["aws-staging"].secret_store_identity == (
        "arn:aws:iam::222222222222:role/ml-platform-staging-secret-store"
    )
    assert clusters["gcp-dev"].secret_store_identity == "mlplatformdevsecretstore@acme-ml-dev.iam.gserviceaccount.com"
    assert clusters["azure-production"].secret_store_identity == "6f1e2d3c-2222-4222-8222-000000000003"


def test_alert_receivers_per_environment(repo: Path) -> None:
    environments = load_settings(repo / "settings").environments
    assert {name: env.alerts.receivers.used for name, env in environments.items()} == {
        "dev": (),
        "staging": ("chat",),
        "production": ("chat", "pager"),
    }


def test_alert_receiver_choice(settings_copy: Path) -> None:
    (settings_copy / "environments/production.yaml").write_text("alerts:\n  receivers: {critical: email}\n")
    assert _error(settings_copy) == (
        "settings/environments/production.yaml:2: alerts.receivers.critical: got 'email' (a string); "
        "expected one of: pager, chat, none"
    )


def test_progressive_delivery_needs_the_mesh(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(staging.read_text() + "mesh: false\n")
    assert _error(settings_copy) == (
        "settings/environments/staging.yaml:30: delivery.strategy: 'canary' needs the mesh (mesh: false); "
        "expected mesh: true, or strategy: rolling"
    )


def test_a_canary_step_cannot_exceed_its_maximum(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(staging.read_text().replace("  strategy: canary\n", "  strategy: canary\n  step_weight: 60\n"))
    assert _error(settings_copy) == (
        "settings/environments/staging.yaml:31: delivery.step_weight: 60 is above max_weight (50); "
        "expected step_weight <= max_weight"
    )
