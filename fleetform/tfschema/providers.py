"""The explicit registry of providers whose schemas are bundled: Terraform name -> cdktn Python package."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderPackage:
    """Where a provider's jsii assembly lives and what Terraform calls the provider."""

    name: str
    module: str
    distribution: str
    source: str


PROVIDERS: dict[str, ProviderPackage] = {
    "aws": ProviderPackage("aws", "cdktn_provider_aws", "cdktn-provider-aws", "hashicorp/aws"),
    "azurerm": ProviderPackage("azurerm", "cdktn_provider_azurerm", "cdktn-provider-azurerm", "hashicorp/azurerm"),
    "google": ProviderPackage("google", "cdktn_provider_google", "cdktn-provider-google", "hashicorp/google"),
}
