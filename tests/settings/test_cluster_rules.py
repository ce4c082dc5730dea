"""Settings refuse what the cluster or the cloud would refuse, in the loader, before Node starts: one
located line each (file, line, key path, the fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings

LONG_ENV = "e" * 55  # its namespace fits (58 characters), its longest label value does not (72)
LONG_NAME = "m" * 60  # a DNS label, but the buckets named after it are longer than 63 characters

#: (settings file, text in it, replacement, the loader's message).
CASES = [
    pytest.param(
        "environments/dev.yaml",
        "alerts:\n",
        "alerts:\n  error_ratio: .nan\n",
        "settings/environments/dev.yaml:20: alerts.error_ratio: nan is not a finite number; expected "
        "a number such as 0.5",
        id="nan-error-ratio",
    ),
    pytest.param(
        "environments/dev.yaml",
        "alerts:\n",
        "alerts:\n  p95_latency_seconds: .inf\n",
        "settings/environments/dev.yaml:20: alerts.p95_latency_seconds: inf is not a finite number; "
        "expected a number such as 0.5",
        id="inf-latency",
    ),
    pytest.param(
        "platform.yaml",
        "ingress_namespace: istio-ingress",
        "ingress_namespace: istio-ingress\ngitops: {secret: ../../etc/passwd}",
        "settings/platform.yaml:9: gitops.secret: '../../etc/passwd' is not a DNS subdomain; "
        "expected a Kubernetes object name (lowercase letters, digits, '-', '.')",
        id="secret-path",
    ),
    pytest.param(
        "platform.yaml",
        "ingress_namespace: istio-ingress",
        "ingress_namespace: istio-ingress\ngitops: {branch: ''}",
        "settings/platform.yaml:9: gitops.branch: '' is empty; expected a Git branch name such as main",
        id="empty-branch",
    ),
    pytest.param(
        "platform.yaml",
        "ingress_namespace: istio-ingress",
        "ingress_namespace: istio-ingress\ntls: {acme_server: not a url}",
        "settings/platform.yaml:9: tls.acme_server: 'not a url' is not a URL (spaces, control or "
        "non-ASCII characters); expected an https:// URL such as https://acme.example/dir",
        id="acme-not-url",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "region: us-east-1",
        "region: ../../etc",
        "settings/clouds/aws.yaml:2: region: '../../etc' is not valid; expected a cloud region such as us-east-1",
        id="region-path",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "zones: [us-east-1a, us-east-1b, us-east-1c]",
        "zones: [us-east-1a, us-east-1a, us-east-1a]",
        "settings/clouds/aws.yaml:4: zones[1]: 'us-east-1a' listed twice; expected each zone once",
        id="same-zones",
    ),
    pytest.param(
        "environments/dev.yaml",
        "retraining:\n  enabled: false",
        "retraining:\n  enabled: false\n  schedule: a b c d e",
        "settings/environments/dev.yaml:15: retraining.schedule: 'a b c d e' is not a valid "
        "schedule (minute field 'a': 'a' is not a number); expected a five-field cron schedule such "
        "as '0 3 * * 0'",
        id="cron-letters",
    ),
    pytest.param(
        "environments/dev.yaml",
        "off_hours:\n  enabled: true",
        "off_hours:\n  enabled: true\n  time_zone: Mars/Olympus_Mons",
        "settings/environments/dev.yaml:17: off_hours.time_zone: 'Mars/Olympus_Mons' is not an IANA "
        "time zone; expected an IANA time zone such as Etc/UTC or Europe/Berlin",
        id="mars-time-zone",
    ),
    pytest.param(
        "environments/dev.yaml",
        'limits: {cpu: "4", memory: 8Gi}',
        "limits: {cpu: '0', memory: 8Gi}",
        "settings/environments/dev.yaml:8: api.resources.limits.cpu: '0' is zero; expected a CPU "
        "quantity above zero such as 500m or 4",
        id="zero-cpu",
    ),
    pytest.param(
        "environments/dev.yaml",
        'limits: {cpu: "4", memory: 8Gi}',
        "limits: {cpu: '4', memory: '0'}",
        "settings/environments/dev.yaml:8: api.resources.limits.memory: '0' is zero; expected a "
        "byte quantity above zero such as 512Mi or 8Gi",
        id="zero-memory",
    ),
    pytest.param(
        "platform.yaml",
        "version: 1.4.2 ",
        "version: '\u0661.\u0664.\u0662' ",
        "settings/platform.yaml:3: version: '\u0661.\u0664.\u0662' is not valid; expected a "
        "semantic version such as 1.4.2",
        id="arabic-digits-version",
    ),
    pytest.param(
        "environments/dev.yaml",
        "admission_actions: [Warn, Audit]",
        "admission_actions: [Deny, Warn]",
        "settings/environments/dev.yaml:18: admission_actions: Deny and Warn together (the API "
        "server refuses the binding); expected Deny, or Warn, each optionally with Audit",
        id="deny-with-warn",
    ),
    pytest.param(
        "environments/dev.yaml",
        "admission_actions: [Warn, Audit]",
        "admission_actions: [Warn, Warn]",
        "settings/environments/dev.yaml:18: admission_actions[1]: 'Warn' listed twice; expected each action once",
        id="duplicate-action",
    ),
    pytest.param(
        "environments/dev.yaml",
        "  explanations: true",
        "  Explanations: true",
        "settings/environments/dev.yaml:37: feature_flags.Explanations: 'Explanations' is not a flag name; expected "
        "a lowercase name such as batch_predictions (read as FEATURE_BATCH_PREDICTIONS)",
        id="flag-name",
    ),
    pytest.param(
        "environments/staging.yaml",
        "model_version: 2026.11.2",
        "model_version: 'v 2'",
        "settings/environments/staging.yaml:21: model_version: 'v 2' is not valid; expected a model version such as "
        "2026.11.1",
        id="model-version",
    ),
    pytest.param(
        "environments/production.yaml",
        "model_cache_size: 500Gi",
        "model_cache_size: 500Gi\noff_hours: {enabled: true}",
        "settings/environments/production.yaml:6: off_hours.enabled: true in production; expected "
        "false: production serves all day",
        id="production-off-hours",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "node_selector: {pool: gpu}",
        "node_selector: {'bad key!/x': gpu}",
        "settings/clouds/aws.yaml:17: gpu.node_selector.bad key!/x: key 'bad key!/x' has prefix "
        "'bad key!', which is not a DNS subdomain; expected a label key such as example.com/name",
        id="bad-node-selector-key",
    ),
    pytest.param(
        "platform.yaml",
        "environments: [dev, staging, production]",
        f"environments: [dev, staging, production, {LONG_ENV}]",
        f"settings/platform.yaml:6: environments[3]: its label value 'off-hours-scaler-{LONG_ENV}' "
        f"is 72 characters long, over 63; expected a shorter environment name (at most 46 "
        f"characters)",
        id="long-environment-name",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "broker: kafka.m5.large",
        "broker: kafka.m5.large\n  kubernetes_version: '1.29'",
        # The clusters' version is platform.yaml's kubernetes_version, which the manifests target: a cloud
        # cannot set its own.
        "settings/clouds/aws.yaml:32: infra.kubernetes_version: unknown key; expected one of: state, machines, "
        "postgres_version, budget_emails, billing_account, rbac_security_group, certificate_issuer, dns_zone",
        id="eks-1-29",
    ),
    pytest.param(
        "environments/production.yaml",
        "model_cache_size: 500Gi",
        "model_cache_size: 500Gi\napi: {replicas: {max: 60}}",
        "settings/environments/production.yaml:6: api.replicas.max: 60 is outside 3..50, the bounds "
        "of policy k8s-hpa-bounds for production; expected max <= 50",
        id="production-max-60",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "vpc_cidr: 10.10.0.0/16",
        "vpc_cidr: banana",
        "settings/clouds/aws.yaml:14: network.vpc_cidr: 'banana' is not a network address; expected "
        "an IPv4 CIDR of /16 or larger such as 10.10.0.0/16",
        id="vpc-banana",
    ),
    pytest.param(
        "environments/dev.yaml",
        "alerts:\n",
        "alerts:\n  error_for: 0m\n",
        "settings/environments/dev.yaml:20: alerts.error_for: '0m' is zero; expected a duration "
        "above zero such as 10m or 1h30m",
        id="zero-duration",
    ),
    pytest.param(
        "platform.yaml",
        "ingress_namespace: istio-ingress",
        "ingress_namespace: istio-ingress\ngitops: {url: 'https://user:hunter2@git.example/x.git'}",
        "settings/platform.yaml:9: gitops.url: 'https://user:hunter2@git.example/x.git' holds a "
        "password (credentials belong in a Secret); expected an ssh:// or https:// Git URL without "
        "a password",
        id="git-url-password",
    ),
    pytest.param(
        "clouds/aws.yaml",
        "dr_region: us-west-2",
        "dr_region: us-east-1",
        "settings/clouds/aws.yaml:3: dr_region: 'us-east-1' is the primary region; expected another "
        "region than 'region'",
        id="dr-region-same",
    ),
    pytest.param(
        "environments/dev.yaml",
        "api_allowed_cidrs: [203.0.113.0/24]",
        "api_allowed_cidrs: [0.0.0.0/0]",
        "settings/environments/dev.yaml:29: infra.api_allowed_cidrs[0]: '0.0.0.0/0' is the whole "
        "internet; expected the team's own networks",
        id="whole-internet-api",
    ),
    pytest.param(
        "environments/production.yaml",
        "model_cache_size: 500Gi",
        "model_cache_size: '0'",
        "settings/environments/production.yaml:5: model_cache_size: '0' is zero; expected a byte "
        "quantity above zero such as 512Mi or 8Gi",
        id="zero-model-cache",
    ),
    pytest.param(
        "environments/production.yaml",
        "infra: {}",
        "infra: {private_api: false, api_allowed_cidrs: [203.0.113.0/24]}",
        "settings/environments/production.yaml:6: infra.private_api: false in production (policy "
        "tf-private-control-plane); expected true",
        id="production-public-api",
    ),
    pytest.param(
        "environments/production.yaml",
        "model_cache_size: 500Gi",
        "model_cache_size: 500Gi\nadmission_actions: [Warn]",
        "settings/environments/production.yaml:6: admission_actions: ['Warn'] in production does "
        "not deny; expected Deny (optionally with Audit)",
        id="production-warn-only",
    ),
    pytest.param(
        "platform.yaml",
        'kubernetes_version: "1.35"',
        "kubernetes_version: '1.\u0663\u0665'",
        "settings/platform.yaml:4: kubernetes_version: '1.\u0663\u0665' is not valid; expected a "
        "minor version such as 1.35",
        id="arabic-digits-k8s-version",
    ),
    pytest.param(
        "clouds/aws.yaml",
        'dev: "111111111111"',
        "dev: '\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661'",
        "settings/clouds/aws.yaml:6: accounts.dev: "
        "'\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661\u0661' is not valid; "
        "expected a 12-digit AWS account id",
        id="arabic-digits-account",
    ),
    pytest.param(
        "environments/dev.yaml",
        "workers: 2",
        "workers: 99999999999999999999999",
        "settings/environments/dev.yaml:4: workers: 99999999999999999999999 is too large; expected a value <= 64",
        id="huge-int",
    ),
    pytest.param(
        "environments/dev.yaml",
        "workers: 2",
        "workers: 0",
        "settings/environments/dev.yaml:4: workers: 0 is too small; expected a value >= 1",
        id="zero-workers",
    ),
    pytest.param(
        "platform.yaml",
        "name: ml-platform",
        f"name: {LONG_NAME}",
        f"settings/clouds/aws.yaml:6: accounts.dev: bucket name "
        f"'{LONG_NAME}-dev-models-111111111111' is 84 characters long, over 63; expected a shorter "
        f"platform name, environment name or account id",
        id="long-platform-name",
    ),
    pytest.param(
        "environments/dev.yaml",
        "alerts:\n",
        "alerts:\n  min_accuracy: .nan\n",
        "settings/environments/dev.yaml:20: alerts.min_accuracy: nan is not a finite number; "
        "expected a number such as 0.5",
        id="nan-accuracy",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES)
def test_wrong_setting_is_refused_where_it_is_written(
    settings_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    path = settings_copy / file
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert info.value.message == message


def test_a_long_value_is_shown_cut_in_any_located_message(settings_copy: Path) -> None:
    """Found by the fuzz run: a 5,000-character CIDR was echoed whole; every located message cuts it."""
    path = settings_copy / "clouds/azure.yaml"
    text = path.read_text()
    assert "vpc_cidr: 10.20.0.0/16" in text
    path.write_text(text.replace("vpc_cidr: 10.20.0.0/16", f"vpc_cidr: {'x' * 5000}", 1))
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert info.value.message.endswith(
        f"network.vpc_cidr: '{'x' * 60}'… (5000 characters) is not a network address; expected an IPv4 CIDR of /16 "
        "or larger such as 10.10.0.0/16"
    )
