"""Build one cluster's stack with its cloud's builder (:attr:`fleetform.clouds.Cloud.terraform_builder`).

Each builder module imports only its own provider (loading a provider's jsii assembly is the slow part
of a synth), so the cloud names its builder's module and it is imported only here, when a stack is built.
"""

from __future__ import annotations

import importlib
from typing import Protocol, cast

from cdktn import App, TerraformStack

from fleetform.terraform.context import StackContext

#: The Terraform releases every stack is written for (``terraform.required_version``): 1.11 made S3-native
#: state locking (``use_lockfile``) generally available and deprecated DynamoDB locking; 1.10 left HashiCorp's
#: two-year support window in Nov 2026; a 2.0 may change the language.
REQUIRED_VERSION = ">= 1.11.0, < 2.0.0"
#: The same range in npm semver, the App context cdktn checks features against (S3 native locking needs
#: >= 1.10.0; without it cdktn assumes >= 1.5.7 and rejects ``use_lockfile``).
TARGET_VERSIONS = {"terraform": ">=1.11.0 <2.0.0"}


def new_app(outdir: str) -> App:
    """A cdktn App targeting :data:`TARGET_VERSIONS`."""
    return App(outdir=outdir, context={"targetVersions": TARGET_VERSIONS})


class Builder(Protocol):
    def build(self, stack: TerraformStack, ctx: StackContext) -> None: ...


def build_stack(app: App, ctx: StackContext) -> TerraformStack:
    """Add ``ctx``'s stack (named ``<cloud>-<env>``, requiring :data:`REQUIRED_VERSION`) to ``app``."""
    module = cast(Builder, importlib.import_module(ctx.cluster.cloud.terraform_builder))
    stack = TerraformStack(app, ctx.stack_id)
    stack.add_override("terraform.required_version", REQUIRED_VERSION)
    module.build(stack, ctx)
    return stack
