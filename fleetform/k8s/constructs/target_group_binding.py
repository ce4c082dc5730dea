"""AWS: the pods behind a Service registered in a target group the Terraform stack created (AWS Load Balancer
Controller's TargetGroupBinding)."""

from __future__ import annotations

import re

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

#: Elastic Load Balancing's rule for target group names.
TARGET_GROUP_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")


class TargetGroupBinding(Construct):
    """TargetGroupBinding ``name`` in ``namespace``: the AWS Load Balancer Controller keeps target group
    ``target_group`` (looked up by name: its ARN is known only after apply) filled with the addresses of the pods
    behind Service ``service``, on the pods' port that the Service's ``port`` targets (``targetType: ip``).

    It manages no security group rules (no ``networking``): the stack admits the load balancer's security group
    to the nodes on the ports it sends to, so the rules are reviewed with the rest of the stack."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        namespace: str,
        labels: AppLabels,
        service: str,
        port: int,
        target_group: str,
    ) -> None:
        super().__init__(scope, id)
        if not TARGET_GROUP_NAME.fullmatch(target_group):
            raise PropError(
                f"TargetGroupBinding '{name}'",
                "target_group",
                target_group,
                "must be a target group name: 1-32 letters, digits or '-', not starting or ending with '-'",
            )
        if not 1 <= port <= 65535:
            raise PropError(f"TargetGroupBinding '{name}'", "port", port, "must be between 1 and 65535")
        custom_resource(
            self,
            "Resource",
            api_version="elbv2.k8s.aws/v1beta1",
            kind="TargetGroupBinding",
            name=name,
            namespace=namespace,
            labels=labels,
            spec={
                "serviceRef": {"name": service, "port": port},
                "targetGroupName": target_group,
                "targetType": "ip",
            },
        )
