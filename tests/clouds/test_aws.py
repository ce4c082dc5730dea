"""AWS as fleetform knows it: exact values of every part of the cloud protocol."""

from __future__ import annotations

from fleetform.clouds import BackupTarget
from fleetform.clouds.aws import Aws
from tests.clouds.helpers import accepts, site

AWS = Aws()
WITH_DR = site("333333333333", "us-east-1", "us-west-2", disaster_recovery=True)
WITHOUT_DR = site("333333333333", "us-east-1", "us-west-2", disaster_recovery=False)


def test_settings_rules() -> None:
    assert (AWS.account_rule.means, AWS.identity_rule.means) == ("a 12-digit AWS account id", "an IAM role ARN")
    assert accepts(AWS.account_rule, "333333333333")
    assert not accepts(AWS.account_rule, "33333333333")
    assert accepts(AWS.identity_rule, "arn:aws:iam::333333333333:role/ml-platform-production-workload")
    assert not accepts(AWS.identity_rule, "ml-platform@acme-ml-dev.iam.gserviceaccount.com")
    assert dict(AWS.machine_rules) == {}
    assert AWS.required_infra == ()


def test_kubernetes_parts() -> None:
    assert (AWS.storage_class.provisioner, dict(AWS.storage_class.parameters)) == (
        "ebs.csi.aws.com",
        {"type": "gp3", "encrypted": "true"},
    )
    assert dict(AWS.load_balancer_annotations) == {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external",
        "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
        "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    }
    assert AWS.service_account_annotations("arn:aws:iam::333333333333:role/w") == {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::333333333333:role/w",
        "eks.amazonaws.com/sts-regional-endpoints": "true",
    }
    assert AWS.pod_labels() == {}
    assert (AWS.velero_provider, AWS.velero_plugin) == ("aws", "docker.io/velero/velero-plugin-for-aws:v1.14.2")
    assert (AWS.istio_platform, AWS.identity_endpoints, AWS.kubernetes_service) == ("", (), "eks")


def test_buckets_carry_the_account_id() -> None:
    assert AWS.model_bucket(WITH_DR) == "ml-platform-production-models-333333333333"
    assert AWS.dr_bucket(WITH_DR) == "ml-platform-production-dr-333333333333"


def test_backups_go_to_the_dr_replica_when_there_is_one() -> None:
    assert AWS.backup_target(WITH_DR) == BackupTarget(
        "aws", "ml-platform-production-dr-333333333333", {"region": "us-west-2"}, "velero"
    )
    assert AWS.backup_target(WITHOUT_DR) == BackupTarget(
        "aws", "ml-platform-production-models-333333333333", {"region": "us-east-1"}, "velero"
    )


def test_terraform_builder() -> None:
    assert AWS.terraform_builder == "fleetform.terraform.aws.stack"


def test_backup_identity_is_a_role_of_its_own() -> None:
    workload = "arn:aws:iam::333333333333:role/ml-platform-production-workload"
    assert AWS.backup_identity(WITH_DR, workload) == "arn:aws:iam::333333333333:role/ml-platform-production-velero"
