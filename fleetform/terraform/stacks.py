"""Build one cluster's stack: the explicit registry of per-cloud builders, imported only when used.

Each builder module imports only its own provider (loading a provider's jsii assembly is the slow part
of a synth), so the registry maps a cloud name to a module path rather than importing all three.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from cdktn import App, TerraformStack

from fleetform.terraform.context import StackContext

#: cloud name -> module with ``build(stack, ctx) -> None``.
CLOUD_BUILDERS: dict[str, str] = {
    "aws": "fleetform.terraform.aws.stack",
    "azure": "fleetform.terraform.azure.stack",
    "gcp": "fleetform.terraform.gcp.stack",
}


class Builder(Protocol):
    def build(self, stack: TerraformStack, ctx: StackContext) -> None: ...


def build_stack(app: App, ctx: StackContext) -> TerraformStack:
    """Add ``ctx``'s stack (named ``<cloud>-<env>``) to ``app``."""
    module = cast(Builder, importlib.import_module(CLOUD_BUILDERS[ctx.cluster.cloud.name]))
    stack = TerraformStack(app, ctx.stack_id)
    module.build(stack, ctx)
    return stack
