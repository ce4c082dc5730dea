"""CRD rule semantics on schema dicts: messages, fieldPath, transition rules, compile and runtime errors."""

from __future__ import annotations

from typing import Any

from fleetform.validate.cel import check_rules, collect_rules


def _schema(rule: dict[str, Any], properties: dict[str, Any] | None = None) -> dict[str, Any]:
    spec = {"type": "object", "x-kubernetes-validations": [rule], "properties": properties or {}}
    return {"type": "object", "properties": {"spec": spec}}


def _check(rule: dict[str, Any], spec: Any, properties: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    return check_rules(collect_rules(_schema(rule, properties)), {"spec": spec})


def test_message_expression_is_used_when_it_gives_one_line() -> None:
    rule = {"rule": "self.a < 3", "message": "too big", "messageExpression": "'a is ' + string(self.a)"}
    assert _check(rule, {"a": 2}) == []
    assert _check(rule, {"a": 5}) == [("spec", "a is 5")]


def test_message_expression_falls_back_to_message_when_empty_multiline_or_failing() -> None:
    for expression in ("'  '", "'two\\nlines'", "'b is ' + self.b"):
        rule = {"rule": "self.a < 3", "message": " too big ", "messageExpression": expression}
        assert _check(rule, {"a": 5}) == [("spec", "too big")]
    rule = {"rule": "self.a < 3", "messageExpression": "''"}
    assert _check(rule, {"a": 5}) == [("spec", "failed rule: self.a < 3")]


def test_field_path_moves_the_finding_below_the_rule() -> None:
    rule = {"rule": "self.m['x.y'] > 0", "fieldPath": ".m['x.y']", "message": "must be positive"}
    assert _check(rule, {"m": {"x.y": 0}}) == [("spec.m.x.y", "must be positive")]
    rule = {"rule": "false", "fieldPath": "not a path", "message": "no"}
    assert _check(rule, {}) == [("spec", "no")]


def test_transition_rules_are_skipped_on_create_unless_old_self_is_optional() -> None:
    assert collect_rules(_schema({"rule": "self.a == oldSelf.a"})) == ()
    rule = {"rule": "oldSelf.hasValue() && oldSelf.value() == self", "optionalOldSelf": True, "message": "new"}
    assert _check(rule, {"a": 1}) == [("spec", "new")]
    rule = {"rule": "!oldSelf.hasValue() || oldSelf.value() == self", "optionalOldSelf": True}
    assert _check(rule, {"a": 1}) == []


def test_a_transition_rule_with_another_error_is_reported() -> None:
    assert _check({"rule": "self.a == oldSelf.a && nope(self)"}, {}) == [
        (
            "spec",
            "cannot evaluate rule self.a == oldSelf.a && nope(self): compilation failed: "
            "1:28: undeclared reference to 'nope'",
        )
    ]


def test_compile_errors_are_positioned_in_the_rule_and_reported_once_per_resource() -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"type": "string", "x-kubernetes-validations": [{"rule": "1 +"}]}}
        },
    }
    assert check_rules(collect_rules(schema), {"items": ["a", "b"]}) == [
        (
            "items[0]",
            "cannot evaluate rule 1 +: compilation failed: 1:4: Syntax error: mismatched input '<EOF>' expecting "
            "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, "
            "IDENTIFIER}",
        )
    ]
    assert check_rules(collect_rules(schema), {"items": []}) == []
    rule = {"rule": "self.a ==\n  bogus(1)"}
    assert _check(rule, {"a": 1}) == [
        (
            "spec",
            "cannot evaluate rule self.a ==\n  bogus(1): compilation failed: 2:8: undeclared reference to 'bogus'",
        )
    ]


def test_message_expression_that_does_not_compile_is_reported() -> None:
    rule = {"rule": "true", "messageExpression": "nope()"}
    assert _check(rule, {}) == [
        (
            "spec",
            "cannot evaluate rule true: messageExpression compilation failed: 1:5: undeclared reference to 'nope'",
        )
    ]


def test_runtime_errors_use_the_api_server_wording() -> None:
    port = {"port": {"anyOf": [{"type": "integer"}, {"type": "string"}]}}
    rule = {"rule": "self.port.startsWith('http')", "message": "named port"}
    assert _check(rule, {"port": "http"}, port) == []
    assert _check(rule, {"port": 80}, port) == [
        (
            "spec",
            "'no such overload: (int64).startsWith(string)': call arguments did not match a supported operator, "
            "function or macro signature for rule: 'named port'",
        )
    ]
    assert _check({"rule": "self.a > 1"}, {}) == [("spec", "no such key: a evaluating rule: self.a > 1")]


def test_a_trailing_comment_does_not_swallow_the_wrapper() -> None:
    assert _check({"rule": "self.a > 1 // a must exceed 1"}, {"a": 1}) == [
        ("spec", "failed rule: self.a > 1 // a must exceed 1")
    ]


def test_rules_on_map_values_and_list_items_bind_self_to_each_value() -> None:
    limits = {
        "type": "object",
        "additionalProperties": {
            "type": "string",
            "x-kubernetes-validations": [
                {"rule": "isQuantity(self) && quantity(self).sign() >= 0", "message": "must be a non-negative quantity"}
            ],
        },
    }
    schema = {"type": "object", "properties": {"limits": limits}}
    assert check_rules(collect_rules(schema), {"limits": {"cpu": "500m", "memory": "-1Gi", "gpu": "x"}}) == [
        ("limits.gpu", "must be a non-negative quantity"),
        ("limits.memory", "must be a non-negative quantity"),
    ]


def test_escaped_property_names_and_reserved_words() -> None:
    properties = {"max-surge": {"type": "integer"}, "namespace": {"type": "string"}, "a.b": {"type": "integer"}}
    rule = {"rule": "self.max__dash__surge == self.a__dot__b && self.__namespace__ == 'ml'", "message": "mismatch"}
    assert _check(rule, {"max-surge": 1, "a.b": 1, "namespace": "ml"}, properties) == []
    assert _check(rule, {"max-surge": 1, "a.b": 2, "namespace": "ml"}, properties) == [("spec", "mismatch")]


def test_a_rule_cannot_close_the_wrapper_it_is_compiled_in() -> None:
    assert _check({"rule": "self.a) || (true"}, {"a": False}) == [
        (
            "spec",
            "cannot evaluate rule self.a) || (true: compilation failed: 1:7: Syntax error: mismatched input ')' "
            "expecting <EOF>",
        )
    ]


def test_a_rule_is_compiled_only_when_a_value_meets_it() -> None:
    (rule,) = collect_rules(_schema({"rule": "self.a <"}))  # does not compile
    assert "programs" not in vars(rule)  # nothing compiled when collected
    assert check_rules((rule,), {"other": {}}) == []  # no spec: the rule never runs
    assert "programs" not in vars(rule)
    (finding,) = check_rules((rule,), {"spec": {}})
    assert finding[1].startswith("cannot evaluate rule self.a <: compilation failed: ")


def test_rules_at_one_location_each_see_every_value_typed_by_its_schema() -> None:
    # Two rules on the same list items share one conversion per item; equal items (one interned string)
    # are still reported at their own index, and the duration format is applied for both rules.
    item = {
        "type": "string",
        "format": "duration",
        "x-kubernetes-validations": [
            {"rule": "self < duration('1h')", "message": "under an hour"},
            {"rule": "self != duration('30m')", "message": "not 30m"},
        ],
    }
    schema = {"type": "object", "properties": {"waits": {"type": "array", "items": item}}}
    assert check_rules(collect_rules(schema), {"waits": ["30m", "2h", "30m", "5m"]}) == [
        ("waits[1]", "under an hour"),
        ("waits[0]", "not 30m"),
        ("waits[2]", "not 30m"),
    ]
