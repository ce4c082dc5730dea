"""Falco: the platform's rules (structure, every name defined, destinations from the settings), the release's
values per cloud, the alerts (snapshot, routing by severity), the settings switch and its located errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from fleetform.charts import values_problems
from fleetform.errors import PropError, UserError
from fleetform.k8s.constructs.runtime_security import FalcoAlerts, falco_values
from fleetform.k8s.falco_rules import Destinations, rules, rules_yaml
from fleetform.settings import load_settings
from fleetform.synth import synthesize
from tests.k8s.snapshot import LABELS, assert_snapshot, synth

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "k8s"
CLUSTERS = sorted(p.name for p in DIST.iterdir() if p.is_dir())
PRIORITIES = {"EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFORMATIONAL", "DEBUG"}
#: Words of Falco's condition grammar (operators, booleans); any other bare word must be a macro or a list.
GRAMMAR = {"and", "or", "not", "in", "intersects", "pmatch", "startswith", "endswith", "contains", "exists", "glob"}
GRAMMAR |= {"icontains", "bcontains", "true", "false"}
DESTINATIONS = Destinations(anywhere=(53, 8081), networks=("10.10.0.0/16",), network_ports=(5432, 6379, 9098))


def _names(condition: str) -> set[str]:
    """The bare words of a condition: quoted strings, event type names (``evt.type in (execve, ...)``), fields
    (``a.b``, ``a.b[x]``) and numbers removed."""
    text = re.sub(r"\"[^\"]*\"|'[^']*'", " ", condition)
    text = re.sub(r"evt\.type\s*(=\s*\w+|in\s*\([^)]*\))", " ", text)
    text = re.sub(r"[A-Za-z_][\w]*(\.[\w]+)+(\[[^\]]*\])?", " ", text)
    return set(re.findall(r"\b[A-Za-z_]\w*\b", text)) - GRAMMAR


def _release(cluster: str) -> dict[str, Any]:
    path = DIST / cluster / "controllers" / "falco" / "helmrelease-falco.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_each_rule_has_its_fields_and_uses_only_names_defined_before_it() -> None:
    defined: set[str] = set()
    seen_rules = []
    for item in rules("ml-dev", DESTINATIONS):
        if "list" in item:
            assert set(item) == {"list", "items"} and item["items"], item
            defined.add(str(item["list"]))
        elif "macro" in item:
            assert set(item) == {"macro", "condition"}
            assert _names(str(item["condition"])) <= defined, item
            defined.add(str(item["macro"]))
        else:
            assert set(item) == {"rule", "desc", "condition", "output", "priority", "tags"}
            assert item["priority"] in PRIORITIES and item["desc"] and item["output"]
            assert _names(str(item["condition"])) <= defined, item
            assert isinstance(item["tags"], list) and item["tags"][0] == "platform"
            seen_rules.append((item["rule"], item["priority"]))
    assert all(name.startswith("platform_") for name in defined)  # never overrides a default macro or list
    assert seen_rules == [
        ("Shell in a platform container", "WARNING"),
        ("Write below a binary directory", "ERROR"),
        ("Unexpected outbound connection from the API", "CRITICAL"),
    ]


def test_the_name_check_catches_an_undefined_macro() -> None:
    assert _names('spawned_process and proc.name in (platform_shells) and fd.name = "x y"') == {
        "spawned_process",
        "platform_shells",
    }


def test_the_rules_file_is_falco_yaml_with_networks_quoted_as_the_default_ruleset_does() -> None:
    items = yaml.safe_load(rules_yaml("ml-dev", DESTINATIONS))
    lists = {item["list"]: item["items"] for item in items if "list" in item}
    assert lists["platform_namespaces"] == ["ml-dev"]
    assert lists["platform_api_networks"] == ['"10.10.0.0/16"']
    assert lists["platform_loopback_networks"] == ['"127.0.0.0/8"', '"::1/128"']
    assert lists["platform_api_ports_anywhere"] == [53, 8081]
    assert lists["platform_api_network_ports"] == [5432, 6379, 9098]


@pytest.mark.parametrize("cluster", CLUSTERS)
def test_every_cluster_runs_falco_with_the_platform_rules_of_its_settings(cluster: str) -> None:
    settings = load_settings(ROOT / "settings")
    (target,) = [c for c in settings.clusters() if c.id == cluster]
    net, ports = target.cloud_settings.network, target.cloud_settings.ports
    release = _release(cluster)
    chart = release["spec"]["chart"]["spec"]
    assert (chart["chart"], chart["version"]) == ("falco", "9.1.0")
    values = release["spec"]["values"]
    assert values_problems("falco", "9.1.0", values) == []
    assert values["driver"] == {"kind": "modern_ebpf"}
    assert values["image"] == {"registry": "docker.io", "repository": "falcosecurity/falco", "tag": "0.44.1"}
    assert values["falcoctl"] == {"artifact": {"install": {"enabled": False}, "follow": {"enabled": False}}}
    assert values["tolerations"] == [{"operator": "Exists"}]
    items = yaml.safe_load(values["customRules"]["platform-rules.yaml"])
    lists = {item["list"]: item["items"] for item in items if "list" in item}
    assert lists["platform_namespaces"] == [target.namespace]
    assert lists["platform_api_networks"] == [f'"{net.vpc_cidr}"']
    assert lists["platform_api_network_ports"] == sorted({ports.database, ports.cache, ports.broker})
    # the API's spans go to the tracing collector (OTLP gRPC and HTTP) where tracing is on: not an alert
    otlp = [4317, 4318] if target.env.tracing.enabled else []
    assert lists["platform_api_ports_anywhere"] == [53, *otlp, 8081]
    namespace = yaml.safe_load((DIST / cluster / "controllers" / "namespace-falco.yaml").read_text(encoding="utf-8"))
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "privileged"
    policies = sorted(p.name for p in (DIST / cluster / "controllers" / "falco").glob("networkpolicy-*.yaml"))
    assert policies == [
        "networkpolicy-allow-api-server.yaml",
        "networkpolicy-allow-dns.yaml",
        "networkpolicy-allow-monitoring.yaml",
        "networkpolicy-allow-same-namespace.yaml",
        "networkpolicy-default-deny.yaml",
    ]
    assert (DIST / cluster / "configs" / "falco" / "prometheusrule-falco.yaml").is_file()


def test_a_typo_in_the_values_is_an_unknown_key_of_the_pinned_chart() -> None:
    values = falco_values(chart_version="9.1.0", rules_text="[]\n")
    values["falcoctl"]["artifact"]["install"] = {"enabeld": False}
    assert [path for path, _ in values_problems("falco", "9.1.0", values)] == ["falcoctl.artifact.install.enabeld"]


def test_a_chart_version_without_its_falco_version_is_refused() -> None:
    with pytest.raises(PropError) as info:
        falco_values(chart_version="9.9.9", rules_text="")
    assert str(info.value) == "falco_values: 'chart_version' ('9.9.9') must be a vendored chart version: ['9.1.0']"


def test_falco_alerts_defaults() -> None:
    objs = synth(
        lambda c: FalcoAlerts(c, "a", name="falco", namespace="falco", labels=LABELS, runbooks="https://x/runbooks")
    )
    assert_snapshot("falco_alerts", objs)
    rules_ = objs[0]["spec"]["groups"][0]["rules"]
    assert [(r["alert"], r["labels"]["severity"]) for r in rules_] == [
        ("FalcoCriticalEvent", "critical"),
        ("FalcoWarningEvent", "warning"),
    ]
    assert 'falcosecurity_falco_rules_matches_total{priority=~"[0-3]"}' in rules_[0]["expr"]
    assert rules_[1]["annotations"]["runbook_url"] == "https://x/runbooks/FalcoWarningEvent.md"


def test_extra_api_destinations_and_the_switch(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    staging.write_text(
        staging.read_text() + "runtime_security:\n  api_destinations: [{cidr: 10.99.0.0/16, port: 4317}]\n"
    )
    dev = settings_copy / "environments/dev.yaml"
    dev.write_text(dev.read_text() + "runtime_security: {enabled: false}\n")
    tree = synthesize(settings_copy, terraform=False).tree
    release = yaml.safe_load(tree["k8s/gcp-staging/controllers/falco/helmrelease-falco.yaml"])
    items = yaml.safe_load(release["spec"]["values"]["customRules"]["platform-rules.yaml"])
    lists = {item["list"]: item["items"] for item in items if "list" in item}
    assert lists["platform_api_networks"][1:] == ['"10.99.0.0/16"']
    assert 4317 in lists["platform_api_network_ports"]
    assert not [path for path in tree if path.startswith("k8s/aws-dev/") and "falco" in path]


def test_a_bad_destination_is_one_located_line(settings_copy: Path) -> None:
    staging = settings_copy / "environments/staging.yaml"
    lines = staging.read_text().count("\n")
    staging.write_text(
        staging.read_text() + "runtime_security:\n  api_destinations: [{cidr: 10.99.0.0/33, port: 4317}]\n"
    )
    with pytest.raises(UserError) as info:
        load_settings(settings_copy)
    assert info.value.message == (
        f"settings/environments/staging.yaml:{lines + 2}: runtime_security.api_destinations[0].cidr: "
        "'10.99.0.0/33' is not a network address; expected a CIDR such as 10.20.0.0/16"
    )
