"""derive(): a hand-made jsii assembly in, the exact compact schema out (no provider wheel needed)."""

from __future__ import annotations

from typing import Any

from fleetform.tfschema.derive import derive, terraform_name

LINK = (
    "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/acme/toy/1.2.3/docs/resources/toy_box"
)


def _prop(name: str, tf_name: str, jtype: dict[str, Any], optional: bool = False) -> dict[str, Any]:
    prop: dict[str, Any] = {"name": name, "type": jtype, "docs": {"summary": f"{LINK}#{tf_name} ToyBox#{tf_name}}}."}}
    if optional:
        prop["optional"] = True
    return prop


BOOL = {"union": {"types": [{"primitive": "boolean"}, {"fqn": "cdktn.IResolvable"}]}}
ASSEMBLY: dict[str, Any] = {
    "version": "9.9.9",
    "types": {
        "toy.provider.ToyProvider": {
            "kind": "class",
            "base": "cdktn.TerraformProvider",
            "docs": {
                "summary": "Represents a {@link https://registry.terraform.io/providers/acme/toy/1.2.3/docs toy}."
            },
            "initializer": {
                "parameters": [
                    {"name": "scope"},
                    {"name": "id"},
                    {"name": "config", "type": {"fqn": "toy.provider.ToyProviderConfig"}},
                ]
            },
        },
        "toy.provider.ToyProviderConfig": {
            "kind": "interface",
            "datatype": True,
            "properties": [_prop("region", "region", {"primitive": "string"}, optional=True)],
        },
        "toy.box.ToyBox": {
            "kind": "class",
            "base": "cdktn.TerraformResource",
            "docs": {
                "summary": "Represents a {@link https://registry.terraform.io/providers/acme/toy/1.2.3/docs/"
                "resources/toy_box toy_box}."
            },
            "initializer": {
                "parameters": [
                    {"name": "scope"},
                    {"name": "id"},
                    {"name": "config", "type": {"fqn": "toy.box.ToyBoxConfig"}},
                ]
            },
        },
        "toy.box.ToyBoxConfig": {
            "kind": "interface",
            "datatype": True,
            "properties": [
                _prop("name", "name", {"primitive": "string"}),
                _prop("size", "size", {"primitive": "number"}, optional=True),
                _prop("open", "open", BOOL, optional=True),
                _prop(
                    "labels",
                    "labels",
                    {"collection": {"kind": "map", "elementtype": {"primitive": "string"}}},
                    optional=True,
                ),
                _prop("countAttribute", "count", {"primitive": "number"}, optional=True),
                _prop("lid", "lid", {"fqn": "toy.box.ToyBoxLid"}),
                _prop("timeouts", "timeouts", {"fqn": "toy.box.ToyBoxTimeouts"}, optional=True),
                _prop(
                    "item",
                    "item",
                    {
                        "union": {
                            "types": [
                                {"fqn": "cdktn.IResolvable"},
                                {"collection": {"kind": "array", "elementtype": {"fqn": "toy.box.ToyBoxItem"}}},
                            ]
                        }
                    },
                    optional=True,
                ),
            ],
        },
        "toy.box.ToyBoxLid": {
            "kind": "interface",
            "datatype": True,
            "properties": [_prop("color", "color", {"primitive": "string"}, optional=True)],
        },
        "toy.box.ToyBoxTimeouts": {
            "kind": "interface",
            "datatype": True,
            "properties": [_prop("create", "create", {"primitive": "string"}, optional=True)],
        },
        "toy.box.ToyBoxItem": {
            "kind": "interface",
            "datatype": True,
            "properties": [
                _prop("tags", "tags", {"collection": {"kind": "array", "elementtype": {"primitive": "string"}}}),
                _prop("inner", "inner", {"fqn": "toy.box.ToyBoxItem"}, optional=True),
            ],
        },
    },
}


def test_derive_compact_schema() -> None:
    assert derive(ASSEMBLY, "toy", "acme/toy", "cdktn-provider-toy") == {
        "provider": "toy",
        "source": "acme/toy",
        "version": "1.2.3",
        "package": "cdktn-provider-toy==9.9.9",
        "provider_config": 4,
        "resources": {"toy_box": 3},
        "data_sources": {},
        "blocks": [
            {"a": {"color": ["string", 0]}, "b": {}},
            {"a": {"create": ["string", 0]}, "b": {}},
            # the recursive struct: its inner level is not checked (-1)
            {"a": {"tags": [["list", "string"], 1]}, "b": {"inner": [-1, 0]}},
            {
                "a": {
                    "count": ["number", 0],
                    "labels": [["map", "string"], 0],
                    "name": ["string", 1],
                    "open": ["bool", 0],
                    "size": ["number", 0],
                },
                "b": {"item": [2, 0], "lid": [0, 1], "timeouts": [1, 0]},
            },
            {"a": {"region": ["string", 0]}, "b": {}},
        ],
    }


def test_terraform_name_falls_back_to_block_summary_then_snake_case() -> None:
    assert terraform_name({"name": "ipRule", "docs": {"summary": "ip_rule block."}}) == "ip_rule"
    assert terraform_name({"name": "minimumTlsVersion", "docs": {}}) == "minimum_tls_version"
