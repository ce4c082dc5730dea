"""Karpenter's node classes and pools (karpenter.k8s.aws/v1 EC2NodeClass, karpenter.sh/v1 NodePool)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from constructs import Construct

from fleetform.errors import PropError
from fleetform.k8s.custom_resource import custom_resource
from fleetform.k8s.labels import AppLabels

#: Nodes are replaced after 30 days (upstream's default NodePool): each gets the AMI of its time.
EXPIRE_AFTER = "720h"
#: An empty or underused node is consolidated after 5 minutes: long enough for an HPA's scale-down
#: stabilisation window (5 minutes) to settle before nodes follow it.
CONSOLIDATE_AFTER = "5m"
#: At most 10 % of a pool's nodes are disrupted (consolidated, expired, drifted) at a time.
DISRUPTION_BUDGET = "10%"


class NodeClass(Construct):
    """EC2NodeClass ``name``: AL2023 nodes (Karpenter picks the NVIDIA variant for GPU instance types) with
    ``role``'s instance profile, in the subnets and security groups tagged ``karpenter.sh/discovery:
    <discovery>``; IMDSv2 only, not reachable from pods (hop limit 1); an encrypted 100 GiB gp3 root volume
    (model caches are volumes of their own)."""

    def __init__(
        self, scope: Construct, id: str, *, name: str, labels: AppLabels, role: str, discovery: str, tag: str
    ) -> None:
        super().__init__(scope, id)
        if not role or not discovery:
            raise PropError(f"NodeClass '{name}'", "role" if not role else "discovery", "", "must not be empty")
        selector = [{"tags": {tag: discovery}}]
        spec = {
            "role": role,
            "amiSelectorTerms": [{"alias": "al2023@latest"}],
            "subnetSelectorTerms": selector,
            "securityGroupSelectorTerms": selector,
            "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 1, "httpEndpoint": "enabled"},
            "blockDeviceMappings": [
                {"deviceName": "/dev/xvda", "ebs": {"volumeSize": "100Gi", "volumeType": "gp3", "encrypted": True}}
            ],
        }
        custom_resource(
            self,
            "Resource",
            api_version="karpenter.k8s.aws/v1",
            kind="EC2NodeClass",
            name=name,
            labels=labels,
            spec=spec,
        )


class NodePool(Construct):
    """NodePool ``name`` of ``capacity_type`` (``on-demand`` or ``spot``) nodes of ``instance_types``, from
    NodeClass ``node_class``, labelled ``node_labels`` and tainted ``taints`` (``(key, value)``, NoSchedule);
    ``limits`` caps the capacity of all its nodes together; among pools that fit a pod, the highest ``weight``
    is tried first. Empty and underused nodes are consolidated (:data:`CONSOLIDATE_AFTER`,
    :data:`DISRUPTION_BUDGET`), nodes expire after :data:`EXPIRE_AFTER`."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        labels: AppLabels,
        node_class: str,
        capacity_type: str,
        instance_types: Sequence[str],
        limits: Mapping[str, str],
        node_labels: Mapping[str, str],
        taints: Sequence[tuple[str, str]] = (),
        weight: int | None = None,
    ) -> None:
        super().__init__(scope, id)
        where = f"NodePool '{name}'"
        if capacity_type not in ("on-demand", "spot"):
            raise PropError(where, "capacity_type", capacity_type, "must be 'on-demand' or 'spot'")
        if not instance_types:
            raise PropError(where, "instance_types", list(instance_types), "must name at least one instance type")
        if weight is not None and not 1 <= weight <= 100:
            raise PropError(where, "weight", weight, "must be between 1 and 100")
        requirements = [
            {"key": "karpenter.sh/capacity-type", "operator": "In", "values": [capacity_type]},
            {"key": "node.kubernetes.io/instance-type", "operator": "In", "values": sorted(instance_types)},
        ]
        template_spec: dict[str, object] = {
            "nodeClassRef": {"group": "karpenter.k8s.aws", "kind": "EC2NodeClass", "name": node_class},
            "requirements": requirements,
            "expireAfter": EXPIRE_AFTER,
        }
        if taints:
            template_spec["taints"] = [{"key": k, "value": v, "effect": "NoSchedule"} for k, v in taints]
        spec: dict[str, object] = {
            "template": {"metadata": {"labels": dict(sorted(node_labels.items()))}, "spec": template_spec},
            "limits": dict(sorted(limits.items())),
            "disruption": {
                "consolidationPolicy": "WhenEmptyOrUnderutilized",
                "consolidateAfter": CONSOLIDATE_AFTER,
                "budgets": [{"nodes": DISRUPTION_BUDGET}],
            },
        }
        if weight is not None:
            spec["weight"] = weight
        custom_resource(
            self, "Resource", api_version="karpenter.sh/v1", kind="NodePool", name=name, labels=labels, spec=spec
        )
