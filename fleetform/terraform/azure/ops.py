"""Operations: Log Analytics (retention), a monthly budget per environment, and a delete lock in production."""

from __future__ import annotations

from cdktn_provider_azurerm.consumption_budget_resource_group import (
    ConsumptionBudgetResourceGroup,
    ConsumptionBudgetResourceGroupNotification,
)
from cdktn_provider_azurerm.log_analytics_workspace import LogAnalyticsWorkspace
from cdktn_provider_azurerm.management_lock import ManagementLock
from constructs import Construct

from fleetform.terraform.azure.base import Place

#: Budgets need a fixed first month; a fixed date keeps the output deterministic.
BUDGET_START = "2026-01-01T00:00:00Z"
#: Log Analytics (PerGB2018) keeps data at least 30 days.
MIN_LOG_RETENTION = 30


def build_workspace(scope: Construct, place: Place) -> LogAnalyticsWorkspace:
    ctx = place.ctx
    return LogAnalyticsWorkspace(
        scope,
        "logs",
        name=ctx.name("logs"),
        **place.placed,
        sku="PerGB2018",
        retention_in_days=max(MIN_LOG_RETENTION, ctx.env.log_retention_days),
    )


def build_budget(scope: Construct, place: Place) -> None:
    ctx = place.ctx
    emails = list(ctx.infra.budget_emails)
    ConsumptionBudgetResourceGroup(
        scope,
        "budget",
        name=ctx.name("monthly"),
        resource_group_id=place.resource_group_id,
        amount=ctx.env.monthly_budget,
        time_grain="Monthly",
        time_period={"start_date": BUDGET_START},
        notification=[
            ConsumptionBudgetResourceGroupNotification(
                operator="GreaterThan", threshold=80, threshold_type="Actual", contact_emails=emails
            ),
            ConsumptionBudgetResourceGroupNotification(
                operator="GreaterThan", threshold=100, threshold_type="Forecasted", contact_emails=emails
            ),
        ],
    )


def protect(scope: Construct, place: Place, targets: dict[str, str]) -> None:
    """Deletion protection of data resources (``name -> resource id``): a CanNotDelete lock on each.

    Locks sit on the data resources, not the resource group, so replacing a stateless resource still works.
    """
    for name, resource_id in sorted(targets.items()):
        ManagementLock(
            scope,
            f"lock-{name}",
            name=place.ctx.name(f"{name}-no-delete"),
            scope=resource_id,
            lock_level="CanNotDelete",
            notes="Production data: remove this lock deliberately to delete.",
        )
