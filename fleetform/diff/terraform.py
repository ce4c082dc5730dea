"""What matters in a Terraform change: resources destroyed, deletion protection or encryption turned off,
public exposure added, IAM and firewall changes. Read from argument names (the same in the three providers'
conventions), so a new resource type is covered without a table of its own."""

from __future__ import annotations

from typing import Any

from fleetform.diff.fields import Path, added
from fleetform.diff.model import ADDED, REMOVED

#: On when true: turning one off lets ``terraform destroy`` (or a replacement) delete data.
PROTECTION_ON = frozenset(
    {
        "deletion_protection",
        "deletion_protection_enabled",
        "enable_deletion_protection",
        "prevent_destroy",
        "purge_protection_enabled",
        "termination_protection",
    }
)
#: Off when true: turning one on lets a destroy go through without a snapshot or with the data inside.
PROTECTION_OFF = frozenset({"skip_final_snapshot", "force_destroy"})
#: A customer-managed key: removing it falls back to the provider's key (or none).
KEY_FIELDS = frozenset(
    {
        "kms_key_id",
        "kms_key_arn",
        "kms_key_name",
        "kms_master_key_id",
        "default_kms_key_name",
        "encryption_key",
        "encryption_key_name",
        "key_vault_key_id",
        "disk_encryption_set_id",
        "customer_managed_key",
    }
)
#: Public when true.
PUBLIC_ON = frozenset(
    {
        "public_network_access_enabled",
        "publicly_accessible",
        "map_public_ip_on_launch",
        "associate_public_ip_address",
        "endpoint_public_access",
        "allow_nested_items_to_be_public",
    }
)
#: Private when true.
PRIVATE_ON = frozenset(
    {
        "internal",
        "private_cluster_enabled",
        "enable_private_endpoint",
        "enable_private_nodes",
        "endpoint_private_access",
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    }
)
#: Where an inbound rule names its sources.
SOURCE_FIELDS = frozenset(
    {
        "cidr_ipv4",
        "cidr_ipv6",
        "cidr_blocks",
        "ipv6_cidr_blocks",
        "source_ranges",
        "source_address_prefix",
        "source_address_prefixes",
        "public_access_cidrs",
        "authorized_ip_ranges",
        "cidr_block",
    }
)
#: Sources that mean "anyone on the internet".
OPEN_SOURCES = frozenset({"0.0.0.0/0", "::/0", "*", "0.0.0.0", "Internet"})
FALSE_WORDS = frozenset({"", "false", "disabled", "none", "off", "0"})
#: Tag and label maps (AWS and Azure tags, GCP labels): metadata, in no category.
TAG_FIELDS = frozenset({"tags", "tags_all", "labels", "resource_labels", "user_labels", "default_labels"})


def field(rtype: str, body: Any, path: Path, op: str, old: Any, new: Any) -> str | None:
    """The category of one argument change of a resource of type ``rtype`` (``body``: its new arguments)."""
    if is_tag(path):
        return None
    key = next((segment for segment in reversed(path) if not segment.startswith("[")), "")
    if key in PROTECTION_ON and _on(old) and not _on(new):
        return "protection-off"
    if key in PROTECTION_OFF and not _on(old) and _on(new):
        return "protection-off"
    if ("encrypt" in key and _on(old) and not _on(new)) or (key in KEY_FIELDS and old and not new):
        return "encryption-off"
    if (key in PUBLIC_ON and not _on(old) and _on(new)) or (key in PRIVATE_ON and _on(old) and not _on(new)):
        return "public-exposure"
    if key == "public_access_prevention" and old == "enforced" and new != "enforced":
        return "public-exposure"
    if key in SOURCE_FIELDS and _opened(old, new) and _inbound(rtype, body, path):
        return "public-exposure"
    return resource_category(rtype)


def is_tag(path: Path) -> bool:
    """Whether ``path`` is one tag or label (``tags.owner``, ``node_config[0].resource_labels.owner``)."""
    return len(path) >= 2 and path[-2] in TAG_FIELDS


def resource(rtype: str, block: str, status: str, body: Any) -> str | None:
    """The category of a resource (or data source, output...) that appears or disappears."""
    if block != "resource":
        return None
    if status == REMOVED:
        return "destroyed"
    if status == ADDED:
        for change in added(body):
            if field(rtype, body, change.path, ADDED, None, change.new) == "public-exposure":
                return "public-exposure"
    return resource_category(rtype)


def resource_category(rtype: str) -> str | None:
    """IAM and firewall resources: every change to them is in a category."""
    if "_iam_" in rtype or rtype.startswith(("aws_iam_", "azurerm_role_")) or rtype.endswith("_iam_member"):
        return "rbac"
    if any(word in rtype for word in ("security_group", "firewall", "network_security", "network_acl")):
        return "network"
    return None


def _on(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in FALSE_WORDS
    return bool(value)


def _opened(old: Any, new: Any) -> bool:
    return bool((_sources(new) - _sources(old)) & OPEN_SOURCES)


def _sources(value: Any) -> set[str]:
    if isinstance(value, list):
        return {str(item) for item in value}
    return set() if value is None else {str(value)}


def _inbound(rtype: str, body: Any, path: Path) -> bool:
    """Whether a source field belongs to an inbound rule (not an egress rule or a route)."""
    words = [rtype, *path]
    if any("egress" in word for word in words):
        return False
    if any("ingress" in word or "authorized" in word or "public_access" in word for word in words):
        return True
    # GCP and Azure rules say ``direction``; aws_security_group_rule says ``type``
    direction = str(body.get("direction") or body.get("type") or "").upper() if isinstance(body, dict) else ""
    if direction in ("INGRESS", "INBOUND"):
        return True
    return rtype == "google_compute_firewall" and direction == ""  # GCP firewall rules are INGRESS by default
