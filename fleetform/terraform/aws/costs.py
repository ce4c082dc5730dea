"""Cost monitoring: a monthly budget per environment, alerting at 80 % actual and 100 % forecast spend."""

from __future__ import annotations

from cdktn_provider_aws.budgets_budget import (
    BudgetsBudget,
    BudgetsBudgetCostFilter,
    BudgetsBudgetNotification,
)
from constructs import Construct

from fleetform.terraform.context import StackContext


def build_budget(scope: Construct, ctx: StackContext) -> None:
    emails = list(ctx.infra.budget_emails)
    BudgetsBudget(
        scope,
        "budget",
        name=ctx.name("monthly"),
        budget_type="COST",
        time_unit="MONTHLY",
        limit_amount=str(ctx.env.monthly_budget),
        limit_unit="USD",
        cost_filter=[
            BudgetsBudgetCostFilter(name="TagKeyValue", values=[f"user:environment${ctx.cluster.environment}"])
        ],
        notification=[
            BudgetsBudgetNotification(
                comparison_operator="GREATER_THAN",
                threshold=80,
                threshold_type="PERCENTAGE",
                notification_type="ACTUAL",
                subscriber_email_addresses=emails,
            ),
            BudgetsBudgetNotification(
                comparison_operator="GREATER_THAN",
                threshold=100,
                threshold_type="PERCENTAGE",
                notification_type="FORECASTED",
                subscriber_email_addresses=emails,
            ),
        ],
    )
