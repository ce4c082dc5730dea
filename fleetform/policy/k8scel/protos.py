"""Opaque Kubernetes CEL types (Quantity, URL, IP, CIDR) as protobuf messages, so CEL type-checks them."""

from __future__ import annotations

from typing import Any

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

PACKAGE = "fleetform.k8scel"
_STRING = descriptor_pb2.FieldDescriptorProto.TYPE_STRING
_OPTIONAL = descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL


def _build_pool() -> descriptor_pool.DescriptorPool:
    proto = descriptor_pb2.FileDescriptorProto(name="fleetform/k8scel.proto", package=PACKAGE, syntax="proto3")
    for name in ("Quantity", "URL", "IP", "CIDR"):
        message = proto.message_type.add(name=name)
        message.field.add(name="value", number=1, type=_STRING, label=_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return pool


POOL = _build_pool()
QuantityMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.Quantity"))
URLMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.URL"))
IPMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.IP"))
CIDRMessage: Any = message_factory.GetMessageClass(POOL.FindMessageTypeByName(f"{PACKAGE}.CIDR"))
