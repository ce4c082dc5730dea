"""The ``tracing`` and ``logging`` settings: defaults per environment, and each bad value as one located line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fleetform.errors import UserError
from fleetform.settings import load_settings
from fleetform.settings.telemetry import Logging, Tracing, uses_elasticsearch


def _error_with(root: Path, text: str) -> str:
    """The loader's message once ``text`` is appended to staging's settings (cut to its first 24 lines)."""
    staging = root / "environments/staging.yaml"
    staging.write_text(staging.read_text() + text)
    with pytest.raises(UserError) as info:
        load_settings(root)
    return info.value.message


def test_each_environment_samples_its_share_and_ships_to_its_elasticsearch(repo: Path) -> None:
    envs = load_settings(repo / "settings").environments
    assert {name: env.tracing.sampling_percent for name, env in envs.items()} == {
        "dev": 100.0,
        "staging": 10.0,
        "production": 1.0,
    }
    assert {name: env.logging.elasticsearch_url for name, env in envs.items()} == {
        "dev": "https://elasticsearch.dev.ml.acme.example",
        "staging": "https://elasticsearch.staging.ml.acme.example",
        "production": "https://elasticsearch.ml.acme.example",
    }
    production = envs["production"]
    assert (production.tracing.enabled, production.logging.enabled) == (True, True)
    assert (production.logging.index, production.logging.credentials, production.tracing.index_prefix) == (
        "ml-platform",
        "elasticsearch",
        "jaeger",
    )


def test_the_url_gives_host_port_and_path() -> None:
    plain = Logging()
    assert (plain.host, plain.port, plain.path) == ("elasticsearch.ml.acme.example", 443, "")
    proxied = Logging(elasticsearch_url="https://logs.acme.example:9200/es/")
    assert (proxied.host, proxied.port, proxied.path) == ("logs.acme.example", 9200, "/es")


def test_elasticsearch_is_used_while_either_pipeline_is_on() -> None:
    off, on = Logging(enabled=False), Logging()
    assert [uses_elasticsearch(t, lg) for t, lg in ((Tracing(), off), (Tracing(enabled=False), on))] == [True, True]
    assert uses_elasticsearch(Tracing(enabled=False), off) is False


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "tracing: {sampling_percent: 0}\n",
            "settings/environments/staging.yaml:25: tracing.sampling_percent: 0.0 is not above 0 (no trace would ever "
            "be kept; set tracing.enabled: false instead); expected a percentage above 0 and at most 100, such as "
            "10 or 0.5",
        ),
        (
            "tracing: {sampling_percent: -5}\n",
            "settings/environments/staging.yaml:25: tracing.sampling_percent: -5.0 is not above 0 (no trace would "
            "ever be kept; set tracing.enabled: false instead); expected a percentage above 0 and at most 100, such "
            "as 10 or 0.5",
        ),
        (
            "tracing: {sampling_percent: 100.5}\n",
            "settings/environments/staging.yaml:25: tracing.sampling_percent: 100.5 is too large; expected a value "
            "<= 100",
        ),
        (
            "tracing: {sampling_percent: .nan}\n",
            "settings/environments/staging.yaml:25: tracing.sampling_percent: nan is not a finite number; expected "
            "a number such as 0.5",
        ),
        (
            "tracing: {sampling_percent: ten}\n",
            "settings/environments/staging.yaml:25: tracing.sampling_percent: got 'ten' (a string); expected a number",
        ),
        (
            "logging: {elasticsearch_url: 'http://logs.acme.example'}\n",
            "settings/environments/staging.yaml:25: logging.elasticsearch_url: 'http://logs.acme.example' is not a "
            "https:// URL; expected an https:// URL such as https://acme.example/dir",
        ),
        (
            "logging: {elasticsearch_url: 'https://elastic:hunter2@logs.acme.example'}\n",
            "settings/environments/staging.yaml:25: logging.elasticsearch_url: 'https://elastic:hunter2@logs.acme."
            "example' holds a password (credentials belong in a Secret); expected an https:// URL such as "
            "https://acme.example/dir",
        ),
        (
            "logging: {index: ML_Logs}\n",
            "settings/environments/staging.yaml:25: logging.index: 'ML_Logs' is not a DNS label; expected a DNS "
            "label (lowercase letters, digits, '-'; at most 63)",
        ),
    ],
    ids=["zero", "negative", "over-100", "nan", "string", "http", "password", "index"],
)
def test_a_bad_telemetry_setting_is_refused_where_it_is_written(settings_copy: Path, text: str, message: str) -> None:
    # Staging's own tracing and logging keys are cut first: a key given twice is refused as a duplicate.
    staging = settings_copy / "environments/staging.yaml"
    kept = staging.read_text().split("tracing:")[0]
    staging.write_text(kept)
    assert _error_with(settings_copy, text) == message
