"""Build one cluster's stack with its cloud's builder (:attr:`fleetform.clouds.Cloud.terraform_builder`).

Each builder module imports only its own provider (loading a provider's jsii assembly is the slow part
of a synth), so the cloud names its builder's module and it is imported only here, when a stack is built.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from cdktn import App, TerraformStack

from fleetform.terraform.context import StackContext


class Builder(Protocol):
    def build(self, stack: TerraformStack, ctx: StackContext) -> None: ...


def build_stack(app: App, ctx: StackContext) -> TerraformStack:
    """Add ``ctx``'s stack (named ``<cloud>-<env>``) to ``app``."""
    module = cast(Builder, importlib.import_module(ctx.cluster.cloud.terraform_builder))
    stack = TerraformStack(app, ctx.stack_id)
    module.build(stack, ctx)
    return stack
