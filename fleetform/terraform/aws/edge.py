"""Public entry: an internet-facing ALB (TLS 1.3 policy, HTTP redirected, access logs to the access-log bucket)
protected by a WAFv2 web ACL whose requests are logged (authorization header redacted) to a KMS-encrypted
CloudWatch log group.

The ALB ends TLS and forwards to target group ``fleetform.clouds.aws.target_group_name`` as plain HTTP on the
ingress backend's port (``fleetform.settings.ingress``: the Istio gateway's 80). The target group holds pod
addresses (``target_type = ip``), which the AWS Load Balancer Controller registers from the cluster's
TargetGroupBinding; its health check asks the same pods' readiness endpoint (15021 ``/healthz/ready``). The
nodes' security group (the EKS cluster group, which pods on the VPC CNI share) admits the ALB's group on those
two ports only."""

from __future__ import annotations

from typing import Any

from cdktn_provider_aws.acm_certificate import AcmCertificate
from cdktn_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktn_provider_aws.lb import Lb
from cdktn_provider_aws.lb_listener import LbListener, LbListenerDefaultAction, LbListenerDefaultActionRedirect
from cdktn_provider_aws.lb_target_group import LbTargetGroup
from cdktn_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from cdktn_provider_aws.wafv2_web_acl import Wafv2WebAcl, Wafv2WebAclRule
from cdktn_provider_aws.wafv2_web_acl_association import Wafv2WebAclAssociation
from cdktn_provider_aws.wafv2_web_acl_logging_configuration import (
    Wafv2WebAclLoggingConfiguration,
    Wafv2WebAclLoggingConfigurationRedactedFields,
)
from constructs import Construct

from fleetform.clouds import Backend
from fleetform.clouds.aws import target_group_name
from fleetform.settings.ingress import ingress_backend
from fleetform.terraform.aws.access_logs import ALB_PREFIX, LogBucket
from fleetform.terraform.aws.network import Network
from fleetform.terraform.aws.security import port_group
from fleetform.terraform.context import StackContext

MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesAnonymousIpList",
)
#: Managed rules only counted (logged, not blocked): API clients legitimately call from cloud hosts.
COUNT_ONLY = {"AWSManagedRulesAnonymousIpList": ("HostingProviderIPList",)}
RATE_LIMIT = 2000  # requests per 5 minutes per client IP
#: Seconds the ALB keeps a deregistered target's connections: the gateway pods' termination grace period (the
#: gateway chart's 30 s), after which the pod is gone anyway.
DEREGISTRATION_DELAY = 30


def _visibility(name: str) -> dict[str, Any]:
    return {"cloudwatch_metrics_enabled": True, "metric_name": name, "sampled_requests_enabled": True}


def _managed(group: str) -> dict[str, Any]:
    statement: dict[str, Any] = {"name": group, "vendor_name": "AWS"}
    overrides = [{"name": rule, "action_to_use": {"count": {}}} for rule in COUNT_ONLY.get(group, ())]
    if overrides:
        statement["rule_action_override"] = overrides
    return statement


def _rules() -> list[Wafv2WebAclRule]:
    rules = [
        Wafv2WebAclRule(
            name=group,
            priority=i,
            override_action={"none": {}},
            visibility_config=_visibility(group),
            statement={"managed_rule_group_statement": _managed(group)},
        )
        for i, group in enumerate(MANAGED_RULE_GROUPS)
    ]
    rules.append(
        Wafv2WebAclRule(
            name="rate-limit",
            priority=len(rules),
            action={"block": {}},
            visibility_config=_visibility("rate-limit"),
            statement={"rate_based_statement": {"limit": RATE_LIMIT, "aggregate_key_type": "IP"}},
        )
    )
    return rules


def _alb_group(scope: Construct, ctx: StackContext, net: Network) -> str:
    """HTTPS (and HTTP, redirected) from anywhere; the WAF filters requests."""
    group = port_group(scope, ctx, net, "alb", 443, "0.0.0.0/0")
    VpcSecurityGroupIngressRule(
        scope,
        "sg-alb-http",
        security_group_id=group,
        ip_protocol="tcp",
        from_port=80,
        to_port=80,
        cidr_ipv4="0.0.0.0/0",
    )
    return group


def _admit_alb(scope: Construct, nodes_group: str, alb_group: str, backend: Backend) -> None:
    """The ALB reaches the backend's pods on its traffic port and its health-check port, nothing else."""
    for kind, port in (("traffic", backend.target_port), ("health", backend.health_port)):
        VpcSecurityGroupIngressRule(
            scope,
            f"sg-nodes-from-alb-{kind}",
            security_group_id=nodes_group,
            referenced_security_group_id=alb_group,
            ip_protocol="tcp",
            from_port=port,
            to_port=port,
            description=f"ALB to the ingress pods ({kind})",
        )


def _target_group(scope: Construct, ctx: StackContext, net: Network, backend: Backend) -> LbTargetGroup:
    """Plain HTTP to the pods (the ALB has ended TLS); healthy when their readiness endpoint answers 200."""
    return LbTargetGroup(
        scope,
        "alb-api",
        name=target_group_name(ctx.cluster.site),
        port=backend.port,
        protocol="HTTP",
        target_type="ip",
        vpc_id=net.vpc_id,
        deregistration_delay=str(DEREGISTRATION_DELAY),
        health_check={
            "protocol": "HTTP",
            "port": str(backend.health_port),
            "path": backend.health_path,
            "matcher": "200",
        },
    )


def _waf_logging(scope: Construct, ctx: StackContext, waf: Wafv2WebAcl, key_arn: str) -> None:
    """WAF requires the log group's name to start with ``aws-waf-logs-``."""
    group = CloudwatchLogGroup(
        scope,
        "waf-logs",
        name=f"aws-waf-logs-{ctx.prefix}",
        retention_in_days=ctx.env.log_retention_days,
        kms_key_id=key_arn,
    )
    Wafv2WebAclLoggingConfiguration(
        scope,
        "waf-logging",
        resource_arn=waf.arn,
        log_destination_configs=[group.arn],
        redacted_fields=[Wafv2WebAclLoggingConfigurationRedactedFields(single_header={"name": "authorization"})],
    )


def build_edge(
    scope: Construct, ctx: StackContext, net: Network, key_arn: str, logs: LogBucket, nodes_group: str
) -> tuple[Lb, Wafv2WebAcl]:
    """``nodes_group``: the security group of the nodes (and of the pods on them)."""
    cert = AcmCertificate(
        scope,
        "api-cert",
        domain_name=ctx.api_host,
        validation_method="DNS",
        lifecycle={"create_before_destroy": True},
    )
    alb_group = _alb_group(scope, ctx, net)
    backend = ingress_backend(ctx.cluster)
    _admit_alb(scope, nodes_group, alb_group, backend)
    alb = Lb(
        scope,
        "alb",
        name=ctx.name("alb"),
        load_balancer_type="application",
        internal=False,
        subnets=net.public_subnet_ids,
        security_groups=[alb_group],
        drop_invalid_header_fields=True,
        enable_deletion_protection=ctx.production_grade,
        access_logs={"bucket": logs.bucket.id, "prefix": ALB_PREFIX, "enabled": True},
        depends_on=[logs.policy],
    )
    target = _target_group(scope, ctx, net, backend)
    LbListener(
        scope,
        "alb-https",
        load_balancer_arn=alb.arn,
        port=443,
        protocol="HTTPS",
        ssl_policy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificate_arn=cert.arn,
        default_action=[LbListenerDefaultAction(type="forward", target_group_arn=target.arn)],
    )
    LbListener(
        scope,
        "alb-http",
        load_balancer_arn=alb.arn,
        port=80,
        protocol="HTTP",
        default_action=[
            LbListenerDefaultAction(
                type="redirect",
                redirect=LbListenerDefaultActionRedirect(port="443", protocol="HTTPS", status_code="HTTP_301"),
            )
        ],
    )
    waf = Wafv2WebAcl(
        scope,
        "waf",
        name=ctx.name("waf"),
        scope="REGIONAL",
        default_action={"allow": {}},
        visibility_config=_visibility(ctx.name("waf")),
        rule=_rules(),
    )
    Wafv2WebAclAssociation(scope, "waf-alb", resource_arn=alb.arn, web_acl_arn=waf.arn)
    _waf_logging(scope, ctx, waf, key_arn)
    return alb, waf
