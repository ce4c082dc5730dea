"""Opaque Kubernetes CEL types (Quantity, URL, IP, CIDR) as protobuf messages, so CEL type-checks them."""

from __future__ import annotations

from typing import Any

from google.protobuf import descriptor_pool, message_factory

PACKAGE = "fleetform.k8scel"
#: ``fleetform/k8scel.proto`` (proto3, package :data:`PACKAGE`): messages Quantity, URL, IP and CIDR, each
#: with one field ``string value = 1``; a serialized FileDescriptorProto, so importing descriptor_pb2
#: (~15 ms) is not needed. ``tests/cel/test_protos.py`` rebuilds it with descriptor_pb2.
SERIALIZED = (
    b'\n\x16fleetform/k8scel.proto\x12\x10fleetform.k8scel"\x19\n\x08Quantity\x12\r\n\x05value\x18\x01 \x01(\t'
    b'"\x14\n\x03URL\x12\r\n\x05value\x18\x01 \x01(\t"\x13\n\x02IP\x12\r\n\x05value\x18\x01 \x01(\t'
    b'"\x15\n\x04CIDR\x12\r\n\x05value\x18\x01 \x01(\tb\x06proto3'
)


def _build_pool() -> descriptor_pool.DescriptorPool:
    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(SERIALIZED)
    return pool


POOL = _build_pool()
QuantityMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.Quantity"))
URLMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.URL"))
IPMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.IP"))
CIDRMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.CIDR"))
