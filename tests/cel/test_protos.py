"""The serialized descriptor of the opaque Kubernetes types is what descriptor_pb2 builds."""

from __future__ import annotations

from google.protobuf import descriptor_pb2

from fleetform.cel.protos import PACKAGE, SERIALIZED


def test_serialized_protos_are_the_kubernetes_types() -> None:
    proto = descriptor_pb2.FileDescriptorProto(name="fleetform/k8scel.proto", package=PACKAGE, syntax="proto3")
    for name in ("Quantity", "URL", "IP", "CIDR"):
        message = proto.message_type.add(name=name)
        message.field.add(
            name="value",
            number=1,
            type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
            label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
        )
    assert proto.SerializeToString() == SERIALIZED
