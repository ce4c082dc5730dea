"""Canonical bytes for a serialized checked expression, so a program compiled twice serializes the same.

cel-expr-python serializes a ``google.protobuf.Any`` holding a ``cel.expr.CheckedExpr``, and writes that
message's map fields (``reference_map`` 2, ``type_map`` 3; in ``source_info`` 5: ``positions`` 4 and
``macro_calls`` 5) in hash order, which changes from process to process. Protobuf readers accept map
entries in any order and fields in any order, so sorting the entries of those maps (and writing fields by
number) gives bytes that deserialize to the same program and do not depend on the run that made them.
"""

from __future__ import annotations

from collections.abc import Callable

#: Field number -> how to canonicalize the embedded message (None: keep its bytes).
_Sub = dict[int, Callable[[bytes], bytes]]


def canonical(blob: bytes) -> bytes:
    """``blob`` (a serialized Any of a CheckedExpr) with its maps sorted."""
    return _rebuild(blob, sort=set(), sub={2: _checked_expr})


def _checked_expr(body: bytes) -> bytes:
    return _rebuild(body, sort={2, 3}, sub={5: _source_info})


def _source_info(body: bytes) -> bytes:
    return _rebuild(body, sort={4, 5}, sub={})


def _rebuild(message: bytes, *, sort: set[int], sub: _Sub) -> bytes:
    """The fields of ``message`` by field number (repeated fields keep their order unless in ``sort``)."""
    fields: dict[int, list[bytes]] = {}
    for number, raw, body in _fields(message):
        if number in sub and body is not None:
            inner = sub[number](body)
            raw = raw[: len(raw) - len(body) - len(_varint(len(body)))] + _varint(len(inner)) + inner
        fields.setdefault(number, []).append(raw)
    return b"".join(
        b"".join(sorted(entries) if number in sort else entries) for number, entries in sorted(fields.items())
    )


def _fields(message: bytes) -> list[tuple[int, bytes, bytes | None]]:
    """(field number, the field's bytes with its key, its payload if length-delimited) of each field."""
    out: list[tuple[int, bytes, bytes | None]] = []
    at = 0
    while at < len(message):
        start = at
        key, at = _read_varint(message, at)
        wire_type, body = key & 7, None
        if wire_type == 0:
            _, at = _read_varint(message, at)
        elif wire_type == 1:
            at += 8
        elif wire_type == 5:
            at += 4
        elif wire_type == 2:
            size, at = _read_varint(message, at)
            body, at = message[at : at + size], at + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire_type}")
        out.append((key >> 3, message[start:at], body))
    return out


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        low, value = value & 0x7F, value >> 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)
