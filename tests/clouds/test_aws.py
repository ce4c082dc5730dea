"""AWS as fleetform knows it: exact values of every part of the cloud protocol."""

from __future__ import annotations

from fleetform.clouds import Backend, BackupTarget, ControllerRelease, Exposure
from fleetform.clouds.aws import Aws, cluster_name, lb_controller_role, target_group_name, vpc_name
from fleetform.rules import Problem
from tests.clouds.helpers import GATEWAY, accepts, site

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


def test_secret_store() -> None:
    assert AWS.store_identity_in_settings is False
    assert (
        AWS.secret_store_identity(WITH_DR, {}) == "arn:aws:iam::333333333333:role/ml-platform-production-secret-store"
    )
    assert accepts(AWS.identity_rule, AWS.secret_store_identity(WITH_DR, {}))
    assert AWS.secret_store_provider(WITH_DR, {"name": "reader", "namespace": "eso"}) == {
        "aws": {
            "service": "SecretsManager",
            "region": "us-east-1",
            "auth": {"jwt": {"serviceAccountRef": {"name": "reader", "namespace": "eso"}}},
        }
    }


def test_names_both_halves_share() -> None:
    assert cluster_name(WITH_DR) == "ml-platform-production-eks"
    assert vpc_name(WITH_DR) == "ml-platform-production-vpc"
    assert target_group_name(WITH_DR) == "ml-platform-production-api"
    assert lb_controller_role(WITH_DR) == "ml-platform-production-lb-controller"


def test_the_alb_reaches_the_pods_through_a_target_group_binding() -> None:
    assert AWS.exposure(WITH_DR, GATEWAY, "") == Exposure("ClusterIP", {}, "ml-platform-production-api")
    api = Backend("ml-production", "api", 80, 8080, "/ready", 8080, 80)
    assert AWS.exposure(WITH_DR, api, "") == Exposure("ClusterIP", {}, "ml-platform-production-api")
    assert (AWS.load_balancer_sources, AWS.namespaces) == ((), ("aws-load-balancer-controller",))


def test_the_load_balancer_controller_knows_its_cluster_without_the_metadata_service() -> None:
    assert AWS.load_balancer_controller(WITH_DR) == ControllerRelease(
        name="aws-load-balancer-controller",
        chart="aws-load-balancer-controller",
        repository="eks",
        url="https://aws.github.io/eks-charts",
        version_setting="aws_load_balancer_controller",
        values={
            "clusterName": "ml-platform-production-eks",
            "region": "us-east-1",
            "vpcTags": {"Name": "ml-platform-production-vpc"},
            "replicaCount": 2,
            "serviceAccount": {
                "create": True,
                "name": "aws-load-balancer-controller",
                "annotations": {
                    "eks.amazonaws.com/role-arn": "arn:aws:iam::333333333333:role/ml-platform-production-lb-controller",
                    "eks.amazonaws.com/sts-regional-endpoints": "true",
                },
            },
            "createIngressClassResource": False,
            "enableServiceMutatorWebhook": False,
            "defaultTargetType": "ip",
            "podSecurityContext": {"fsGroup": 65534, "seccompProfile": {"type": "RuntimeDefault"}},
            "securityContext": {
                "allowPrivilegeEscalation": False,
                "capabilities": {"drop": ["ALL"]},
                "readOnlyRootFilesystem": True,
                "runAsNonRoot": True,
            },
        },
        webhook_ports=(9443,),
        internet_ports=(443,),
    )


def test_an_ingress_address_is_a_mistake_on_aws() -> None:
    assert AWS.ingress_address_problem("10.10.0.0/16", "") is None
    assert AWS.ingress_address_problem("10.10.0.0/16", "10.10.31.250") == Problem(
        ("ingress_ip",),
        "'10.10.31.250' is set, but the ALB reaches the gateway's pods directly on AWS",
        "no ingress_ip for aws",
    )


def test_backup_identity_is_a_role_of_its_own() -> None:
    workload = "arn:aws:iam::333333333333:role/ml-platform-production-workload"
    assert AWS.backup_identity(WITH_DR, workload) == "arn:aws:iam::333333333333:role/ml-platform-production-velero"
