"""Public entry: an internet-facing ALB (TLS 1.3 policy, HTTP redirected, access logs to the access-log bucket)
protected by a WAFv2 web ACL whose requests are logged (authorization header redacted) to a KMS-encrypted
CloudWatch log group."""

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
    scope: Construct, ctx: StackContext, net: Network, key_arn: str, logs: LogBucket
) -> tuple[Lb, Wafv2WebAcl]:
    host = f"api.{ctx.cluster.environment}.{ctx.cluster.cloud.name}.{ctx.infra.dns_zone}"
    cert = AcmCertificate(
        scope, "api-cert", domain_name=host, validation_method="DNS", lifecycle={"create_before_destroy": True}
    )
    alb = Lb(
        scope,
        "alb",
        name=ctx.name("alb"),
        load_balancer_type="application",
        internal=False,
        subnets=net.public_subnet_ids,
        security_groups=[_alb_group(scope, ctx, net)],
        drop_invalid_header_fields=True,
        enable_deletion_protection=ctx.production_grade,
        access_logs={"bucket": logs.bucket.id, "prefix": ALB_PREFIX, "enabled": True},
        depends_on=[logs.policy],
    )
    target = LbTargetGroup(
        scope,
        "alb-api",
        name=ctx.name("api"),
        port=8080,
        protocol="HTTP",
        target_type="ip",
        vpc_id=net.vpc_id,
        health_check={"path": "/health", "matcher": "200"},
    )
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
