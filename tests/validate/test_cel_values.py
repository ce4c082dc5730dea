"""Instance values typed by their schema, as the API server gives them to CRD rules."""

from __future__ import annotations

from google.protobuf import duration_pb2, timestamp_pb2

from fleetform.validate.celvalues import escape, to_cel


def test_property_names_are_escaped_as_kubernetes_does() -> None:
    assert [escape(n) for n in ("plain", "max-surge", "a.b/c", "x__y", "namespace", "if", "_ok")] == [
        "plain",
        "max__dash__surge",
        "a__dot__b__slash__c",
        "x__underscores__y",
        "__namespace__",
        "__if__",
        "_ok",
    ]
    assert [escape(n) for n in ("", "1st", "a b", "é")] == [None, None, None, None]


def test_objects_escape_declared_properties_only() -> None:
    schema = {
        "type": "object",
        "properties": {"max-surge": {"type": "integer"}, "a b": {"type": "string"}},
        "additionalProperties": {"type": "number"},
    }
    assert to_cel({"max-surge": 1, "a b": "x", "extra-key": 2}, schema) == {"max__dash__surge": 1, "extra-key": 2.0}


def test_numbers_are_doubles_and_integers_stay_integers() -> None:
    number = {"type": ["number", "null"]}
    assert to_cel([1, 2.5, None], {"type": "array", "items": number}) == [1.0, 2.5, None]
    assert type(to_cel(1, number)) is float
    assert type(to_cel(1, {"type": "integer"})) is int
    assert to_cel(True, {"type": "number"}) is True


def test_formatted_strings_become_timestamps_durations_and_bytes() -> None:
    stamp = to_cel("2027-03-01T12:00:00Z", {"type": "string", "format": "date-time"})
    assert isinstance(stamp, timestamp_pb2.Timestamp)
    assert stamp.ToJsonString() == "2027-03-01T12:00:00Z"
    day = to_cel("2027-03-01", {"type": "string", "format": "date"})
    assert isinstance(day, timestamp_pb2.Timestamp)
    assert day.ToJsonString() == "2027-03-01T00:00:00Z"
    durations = [to_cel(t, {"format": "duration"}) for t in ("1h30m", "-1.5s", "0", "2d", "250ms")]
    assert all(isinstance(d, duration_pb2.Duration) for d in durations)
    assert [d.ToJsonString() for d in durations] == ["5400s", "-1.500s", "0s", "172800s", "0.250s"]
    assert to_cel("aGk=", {"type": "string", "format": "byte"}) == b"hi"


def test_strings_that_do_not_parse_in_their_format_stay_strings() -> None:
    assert to_cel("soon", {"format": "date-time"}) == "soon"
    assert to_cel("1x", {"format": "duration"}) == "1x"
    assert to_cel("1h 2m", {"format": "duration"}) == "1h 2m"
    assert to_cel("!!", {"format": "byte"}) == "!!"
    assert to_cel("a@b.c", {"format": "email"}) == "a@b.c"
