"""kubeconform's flags: skip/reject, missing schemas, filename patterns, workers, exit-on-error, locations."""

from __future__ import annotations

import json
from pathlib import Path

from fleetform.validate.api import validate_paths
from fleetform.validate.config import Config
from tests.validate.conftest import FIXTURES, Validate

WIDGETS = "widgets.yaml"


def test_skip_and_reject_by_kind_and_gvk(validate: Validate) -> None:
    code, out, _ = validate("-skip", "Namespace,v1/Service", "-reject", "ConfigMap", "manifests/platform.yaml")
    assert code == 1
    assert (
        out == "manifests/platform.yaml:17: v1 ConfigMap ml-prod/settings failed validation: "
        "prohibited resource kind ConfigMap\n"
    )
    code, out, _ = validate("-skip", "Namespace,v1/Service", "-verbose", "manifests/platform.yaml")
    assert (code, out.splitlines()[:2]) == (
        0,
        [
            "manifests/platform.yaml:1: v1 Namespace ml-prod skipped: skipped by -skip",
            "manifests/platform.yaml:6: v1 Service ml-prod/api skipped: skipped by -skip",
        ],
    )


def test_missing_schema_is_an_error_unless_ignored(validate: Validate) -> None:
    assert validate("-summary", WIDGETS) == (
        1,
        "widgets.yaml:1: example.com/v1 Widget good failed validation: "
        "could not find schema for Widget; expected a kind the bundled schemas or a "
        "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n"
        "widgets.yaml:13: example.com/v1 Widget backwards failed validation: "
        "could not find schema for Widget; expected a kind the bundled schemas or a "
        "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n"
        "widgets.yaml:23: example.com/v1 Widget typo failed validation: "
        "could not find schema for Widget; expected a kind the bundled schemas or a "
        "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n"
        "Summary: 3 resources found in 1 file - Valid: 0, Invalid: 0, Errors: 3, Skipped: 0\n",
        "",
    )
    code, out, _ = validate("-ignore-missing-schemas", "-summary", WIDGETS)
    assert (code, out) == (0, "Summary: 3 resources found in 1 file - Valid: 0, Invalid: 0, Errors: 0, Skipped: 3\n")


def test_ignore_filename_pattern(validate: Validate) -> None:
    code, out, _ = validate("-ignore-filename-pattern", "deployment-.*", "-summary", "manifests")
    assert (code, out) == (0, "Summary: 18 resources found in 4 files - Valid: 18, Invalid: 0, Errors: 0, Skipped: 0\n")


def test_kind_list_validates_each_item(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text(
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n    data: {k: 1}\n"
    )
    code, out, _ = validate("-verbose", "list.yaml", cwd=tmp_path)
    assert (code, out) == (
        1,
        "list.yaml:4: v1 ConfigMap a is valid\n"
        "list.yaml:10: v1 ConfigMap b is invalid: data.k: 1 is not of type string\n",
    )


def test_json_documents_are_read(validate: Validate, tmp_path: Path) -> None:
    doc = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"image": "x"}]}}
    (tmp_path / "pod.json").write_text(json.dumps(doc, indent=1))
    code, out, _ = validate("pod.json", cwd=tmp_path)
    assert (code, out) == (1, 'pod.json:9: v1 Pod p is invalid: spec.containers[0]: "name" is a required property\n')


def test_workers_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    for i in range(150):
        body = "replicas: x" if i % 50 == 7 else "replicas: 1"
        (tmp_path / f"d{i:03}.yaml").write_text(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{i}}}\nspec:\n  {body}\n"
            "  selector: {}\n  template: {}\n"
        )
    one = validate_paths([tmp_path], Config(workers=1))
    two = validate_paths([tmp_path], Config(workers=2))
    assert one == two
    assert [(Path(r.file).name, r.status.value) for r in two if r.status.value != "valid"] == [
        ("d007.yaml", "invalid"),
        ("d057.yaml", "invalid"),
        ("d107.yaml", "invalid"),
    ]
    first = validate_paths([tmp_path], Config(workers=2, exit_on_error=True))
    assert (len(first), first[-1].status.value, Path(first[-1].file).name) == (8, "invalid", "d007.yaml")


def test_kubernetes_version_picks_the_bundled_schemas(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "psp.yaml").write_text(
        "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\n"
        "spec: {priorityLevelConfiguration: {name: p}}\n"
    )
    assert validate("-kubernetes-version", "1.28.0", "psp.yaml", cwd=tmp_path)[:2] == (0, "")
    assert validate("-kubernetes-version", "1.32.4", "psp.yaml", cwd=tmp_path)[:2] == (
        1,
        "psp.yaml:1: flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema f failed validation: "
        "could not find schema for FlowSchema; expected a kind the bundled schemas or a "
        "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n",
    )


def test_default_kubernetes_version_comes_from_settings() -> None:
    from fleetform.validate.config import default_kubernetes_version

    repo = Path(__file__).resolve().parents[2]
    from fleetform.settings.model import PlatformSettings

    assert default_kubernetes_version(repo / "settings") == "1.35"
    assert default_kubernetes_version(repo / "no-such-settings") == "1.35"
    assert PlatformSettings.__dataclass_fields__["kubernetes_version"].default == "1.35"


def test_schema_location_template_and_folder(validate: Validate, tmp_path: Path) -> None:
    schemas = tmp_path / "schemas"
    (schemas / "example.com").mkdir(parents=True)
    (schemas / "example.com" / "widget_v1.json").write_text(
        json.dumps({"type": "object", "properties": {"spec": {"type": "object", "required": ["size"]}}})
    )
    (tmp_path / "w.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n")
    expected = (1, 'w.yaml:4: example.com/v1 Widget w is invalid: spec: "size" is a required property\n', "")
    assert validate("-schema-location", "schemas", "w.yaml", cwd=tmp_path) == expected
    template = "schemas/{{ .Group }}/{{ .ResourceKind }}_{{.ResourceAPIVersion}}.json"
    assert validate("-schema-location", "default", "-schema-location", template, "w.yaml", cwd=tmp_path) == expected
    assert validate("-schema-location", "schemas/{{ .Nope }}.json", "w.yaml", cwd=tmp_path) == (
        1,
        "",
        'failed initialising schema location registry: template: tpl:1:11: executing "tpl" at <.Nope>: '
        "can't evaluate field Nope in type struct { NormalizedKubernetesVersion string; StrictSuffix string; "
        "ResourceKind string; ResourceAPIVersion string; Group string; KindSuffix string }\n",
    )


def test_fixture_folder_is_where_tests_expect_it() -> None:
    assert (FIXTURES / WIDGETS).is_file()


def test_remote_schema_location_is_read_from_the_cache_only(validate: Validate, tmp_path: Path) -> None:
    """Nothing is downloaded: a URL's schema comes from the -cache folder (kubeconform's layout: the hex
    SHA-256 of the URL), else the resource fails with kubeconform's wording."""
    import hashlib

    url = "https://schemas.example.com/{{ .Group }}/{{ .ResourceKind }}_v1.json"
    cache = tmp_path / "cache"
    cache.mkdir()
    schema_url = "https://schemas.example.com/example.com/widget_v1.json"
    (cache / hashlib.sha256(schema_url.encode()).hexdigest()).write_text(json.dumps({"required": ["spec"]}))
    (tmp_path / "w.yaml").write_text("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
    assert validate("-schema-location", url, "-cache", "cache", "w.yaml", cwd=tmp_path) == (
        1,
        'w.yaml:1: example.com/v1 Widget w is invalid: "spec" is a required property\n',
        "",
    )
    assert validate("-output", "text", "-schema-location", url.replace("_v1", "_v2"), "w.yaml", cwd=tmp_path) == (
        1,
        "w.yaml - Widget w failed validation: failed downloading schema at "
        "https://schemas.example.com/example.com/widget_v2.json: fleetform validates offline (no download); "
        "give a local -schema-location or a -cache folder holding it\n",
        "",
    )


def test_exit_on_error_stops_after_the_first_failing_file(validate: Validate, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    (tmp_path / "b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: 1}\n")
    (tmp_path / "c.yaml").write_text("kind: Nothing\n")
    code, out, _ = validate("-exit-on-error", "-summary", "-n", "1", ".", cwd=tmp_path)
    assert (code, out) == (
        1,
        "b.yaml:4: v1 ConfigMap b is invalid: data.k: 1 is not of type string\n"
        "Summary: 2 resources found in 2 files - Valid: 1, Invalid: 1, Errors: 0, Skipped: 0\n",
    )


def test_help_exits_0_and_start_up_errors_exit_1(validate: Validate, tmp_path: Path) -> None:
    code, out, _ = validate("-h", cwd=tmp_path)
    assert (code, out.splitlines()[0]) == (0, "Usage: fleetform validate [OPTION]... [FILE OR FOLDER]...")
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    assert validate("-schema-location", "nowhere", "cm.yaml", cwd=tmp_path) == (
        1,
        "cm.yaml:1: v1 ConfigMap a failed validation: could not find schema for ConfigMap; expected a kind the bundled "
        "schemas or a "
        "-schema-location know (fleetform schemas import <crd.yaml> adds a CRD's)\n",
        "",
    )
    code, out, err = validate("-n", "0", ".", cwd=tmp_path)
    assert (code, out, err.splitlines()[0]) == (1, "", 'invalid value "0" for flag -n: fleetform needs 1 or more')
