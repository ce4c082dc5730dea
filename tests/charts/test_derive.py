"""The values schema derived from a chart's values.yaml (and values.schema.json), checked through
:func:`fleetform.charts.values_problems` on a vendored tree written here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fleetform.charts import values_problems
from fleetform.charts.commented import commented_keys
from fleetform.charts.derive import ChartFiles, derive, merge
from fleetform.charts.problems import values_file

VALUES = """\
replicaCount: 1
image:
  repository: quay.io/acme/app
  tag: ""
  # digest: sha256:...
podAnnotations: {}
resources:
  requests: {cpu: 10m}
labels:
  app.kubernetes.io/part-of: acme
service:
  type: ClusterIP
  ports: []
  # loadBalancerIP:
extraNote: |
  # notAKey: inside a block scalar
enabled: true
"""
UNKNOWN = "unknown key: chart app 1.0.0 reads no such value; expected a key of its values.yaml"


def _vendor(tmp_path: Path, chart: str, files: ChartFiles) -> Path:
    """A vendored root holding ``chart`` 1.0.0's derived values data (under its component: cni is Istio's)."""
    target = values_file(chart, "1.0.0", tmp_path)
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"chart": chart, "version": "1.0.0", **derive(files)}))
    return tmp_path


def _problems(root: Path, values: dict[str, Any], chart: str = "app") -> list[tuple[str, str]]:
    return values_problems(chart, "1.0.0", values, root)


def test_defined_mappings_are_strict_and_free_form_ones_open(tmp_path: Path) -> None:
    root = _vendor(tmp_path, "app", ChartFiles(VALUES))
    assert _problems(root, {}) == []
    ok = {
        "image": {"digest": "sha256:x"},
        "podAnnotations": {"a": "b"},
        "resources": {"limits": {"memory": "1Gi"}},
        "labels": {"team": "ml"},
        "service": {"loadBalancerIP": "10.0.0.1", "ports": [{"port": 80}]},
    }
    assert _problems(root, ok) == []
    assert _problems(root, {"imag": {}, "service": {"typ": "x"}, "notAKey": 1}) == [
        ("imag", UNKNOWN + " such as 'image'"),
        ("notAKey", UNKNOWN),
        ("service.typ", UNKNOWN + " such as 'type'"),
    ]


def test_types_follow_the_defaults_and_null_deletes_like_helm(tmp_path: Path) -> None:
    root = _vendor(tmp_path, "app", ChartFiles(VALUES))
    assert _problems(root, {"replicaCount": "2", "enabled": "yes", "service": {"ports": {}}, "image": None}) == [
        ("enabled", 'got "yes"; expected type boolean'),
        ("replicaCount", 'got "2"; expected type number'),
        ("service.ports", "got {}; expected type array"),
    ]
    assert merge({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": None, "e": 3}, "d": [2]}) == {
        "a": {"c": 2, "e": 3},
        "d": [2],
    }


def test_the_charts_own_schema_applies_to_the_merged_values(tmp_path: Path) -> None:
    upstream = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["image"],
        "properties": {
            "replicaCount": {"type": ["integer", "string"]},
            "service": {"$ref": "#/definitions/service"},
            "extraEnv": {"type": "object", "additionalProperties": {"type": "string"}},
        },
        "definitions": {"service": {"type": "object", "properties": {"type": {"enum": ["ClusterIP", "LoadBalancer"]}}}},
    }
    root = _vendor(tmp_path, "app", ChartFiles(VALUES, upstream_schema=upstream))
    assert _problems(root, {"replicaCount": "2", "extraEnv": {"A": "b"}}) == []
    assert _problems(root, {"service": {"type": "NodePort"}, "extraEnv": {"A": 1}}) == [
        ("extraEnv.A", "got 1; expected type string"),
        ("service.type", '"NodePort" is not allowed; expected one of: "ClusterIP", "LoadBalancer"'),
    ]


def test_subcharts_follow_their_values_when_vendored_and_stay_open_otherwise(tmp_path: Path) -> None:
    sub = ChartFiles('admin:\n  user: admin\n  # existingSecret: ""\nsidecar: {enabled: false}\n')
    files = ChartFiles(
        'grafana:\n  enabled: true\nexporter:\n  enabled: true\nglobal:\n  imageRegistry: ""\n',
        subcharts={"grafana": sub, "exporter": None},
    )
    root = _vendor(tmp_path, "app", files)
    ok = {"grafana": {"admin": {"existingSecret": "s"}}, "exporter": {"anything": 1}, "global": {"other": 1}}
    assert _problems(root, ok) == []
    assert _problems(root, {"grafana": {"adminn": {}}}) == [("grafana.adminn", UNKNOWN + " such as 'admin'")]


def test_istio_wrapper_profiles_and_descoped_keys(tmp_path: Path) -> None:
    values = (
        '_internal_defaults_do_not_set:\n  hub: ""\n  cniBinDir: /opt/cni/bin\n  meshConfig:\n'
        "    enablePrometheusMerge: true\n  global:\n    hub: registry.istio.io/testing\n"
    )
    profiles = {"platform": ("gke", "k3d"), "profile": ("ambient",), "compatibilityVersion": ("1.29",)}
    root = _vendor(tmp_path, "cni", ChartFiles(values, profiles=profiles, descoped=("cni",)))
    good = {
        "global": {"platform": "gke", "hub": "registry.istio.io/release"},
        "cni": {"cniBinDir": ""},
        "meshConfig": {"accessLogFile": "/dev/stdout"},
        "profile": "ambient",
    }
    assert values_problems("cni", "1.0.0", good, root) == []
    bad = {"platform": "eks", "global": {"profile": "default"}, "compatibilityVersion": 1.29, "cni": {"cniBinDirr": ""}}
    unknown = "unknown key: chart cni 1.0.0 reads no such value; expected a key of its values.yaml such as 'cniBinDir'"
    assert values_problems("cni", "1.0.0", bad, root) == [
        ("cni.cniBinDirr", unknown),
        ("compatibilityVersion", '1.29 is not allowed; expected one of: "", null, "1.29"'),
        ("global.profile", '"default" is not allowed; expected one of: "", null, "ambient"'),
        ("platform", '"eks" is not allowed; expected one of: "", null, "gke", "k3d"'),
    ]


def test_commented_out_keys_belong_to_the_mapping_they_are_indented_into() -> None:
    text = (
        "a:\n  # b: 1\n  c: 2\n  # d:\n  #   nested: 1\n"
        "e:\n  # f: 1\ng: 3\n# h: 4\n"
        "i: |\n  # j: no\nk:\n  - l: 1\n    # m: 2\n"
        "n:\n  o: 1\n    # p: too deep\n"
        "## q: prose\n"
    )
    assert commented_keys(text) == {("a",): {"b", "d"}, ("e",): {"f"}, (): {"h"}}
