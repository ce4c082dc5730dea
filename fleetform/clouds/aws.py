"""AWS: EKS with IAM Roles for Service Accounts (IRSA)."""

from __future__ import annotations

from fleetform.settings.typed import Rule


class Aws:
    name = "aws"
    identity_rule = Rule(pattern=r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+", means="an IAM role ARN")
    velero_provider = "aws"
    velero_plugin = "docker.io/velero/velero-plugin-for-aws:v1.11.1"
    istio_platform = ""
    identity_endpoints: tuple[tuple[str, int], ...] = ()  # the identity provider is on the internet (443)
    account_rule = Rule(pattern=r"\d{12}", means="a 12-digit AWS account id")

    def service_account_annotations(self, identity: str) -> dict[str, str]:
        return {
            "eks.amazonaws.com/role-arn": identity,
            "eks.amazonaws.com/sts-regional-endpoints": "true",
        }

    def pod_labels(self) -> dict[str, str]:
        return {}
