"""Operations: retention of the project's default log bucket, Data Access audit logs of Cloud Storage (who
read or wrote which object), and a monthly budget per environment."""

from __future__ import annotations

from cdktn_provider_google.billing_budget import BillingBudget, BillingBudgetThresholdRules
from cdktn_provider_google.logging_project_bucket_config import LoggingProjectBucketConfig
from cdktn_provider_google.project_iam_audit_config import ProjectIamAuditConfig, ProjectIamAuditConfigAuditLogConfig
from constructs import Construct

from fleetform.terraform.context import StackContext


def build_logging(scope: Construct, ctx: StackContext) -> None:
    LoggingProjectBucketConfig(
        scope,
        "log-retention",
        project=ctx.account,
        location="global",
        bucket_id="_Default",
        retention_days=ctx.env.log_retention_days,
    )
    # Google recommends Data Access audit logs over the legacy bucket usage logs (logging.log_bucket).
    ProjectIamAuditConfig(
        scope,
        "storage-audit",
        project=ctx.account,
        service="storage.googleapis.com",
        audit_log_config=[
            ProjectIamAuditConfigAuditLogConfig(log_type=log_type) for log_type in ("DATA_READ", "DATA_WRITE")
        ],
    )


def build_budget(scope: Construct, ctx: StackContext, project_number: str) -> None:
    BillingBudget(
        scope,
        "budget",
        billing_account=ctx.infra.billing_account,
        display_name=ctx.name("monthly"),
        amount={"specified_amount": {"currency_code": "USD", "units": str(ctx.env.monthly_budget)}},
        budget_filter={"projects": [f"projects/{project_number}"], "calendar_period": "MONTH"},
        threshold_rules=[
            BillingBudgetThresholdRules(threshold_percent=0.8, spend_basis="CURRENT_SPEND"),
            BillingBudgetThresholdRules(threshold_percent=1.0, spend_basis="FORECASTED_SPEND"),
        ],
    )
