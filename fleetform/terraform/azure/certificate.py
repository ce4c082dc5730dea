"""The API's TLS certificate for the Application Gateway: issued by the Key Vault, never uploaded by hand.

The vault issues certificate ``api-tls`` for the API's host name with the issuer of ``infra.certificate_issuer``
(``Self`` by default: the vault signs it; or a certificate authority issuer registered in the vault), and renews it
30 days before it expires. The Application Gateway reads the certificate's secret by its versionless id, so it
serves each renewed version by itself (it polls the vault every 4 hours); its identity may read that one secret
only.

Order: the certificate is issued once the vault's private endpoint and DNS link exist (Terraform writes through
them, as it writes the vault's key), the role assignment follows the certificate (its scope is the secret), and the
Application Gateway, which must find the certificate when it is created, waits for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktn import ITerraformDependable
from cdktn_provider_azurerm.key_vault_certificate import (
    KeyVaultCertificate,
    KeyVaultCertificateCertificatePolicyLifetimeAction,
)
from cdktn_provider_azurerm.role_assignment import RoleAssignment
from cdktn_provider_azurerm.user_assigned_identity import UserAssignedIdentity
from constructs import Construct

from fleetform.terraform.azure.base import Key, Place

CERTIFICATE_SECRET = "api-tls"
#: Months a certificate version is valid: publicly trusted certificates issued from March 2026 may be valid for
#: at most 200 days (CA/Browser Forum baseline requirements), so 6 months.
VALIDITY_MONTHS = 6
#: The vault issues the next version this many days before the current one expires.
RENEW_DAYS_BEFORE_EXPIRY = 30
#: TLS server authentication (extended key usage).
SERVER_AUTH = "1.3.6.1.5.5.7.3.1"


@dataclass(frozen=True)
class GatewayCertificate:
    """What the Application Gateway needs: the certificate's versionless secret id, the identity it reads it
    with, and what it must wait for."""

    secret_id: str
    identity_id: str
    ready: tuple[ITerraformDependable, ...]


def build_api_certificate(scope: Construct, place: Place, key: Key, host: str) -> GatewayCertificate:
    ctx = place.ctx
    certificate = KeyVaultCertificate(
        scope,
        "api-cert",
        name=CERTIFICATE_SECRET,
        key_vault_id=key.vault_id,
        tags=place.tags,
        depends_on=list(key.ready),
        certificate_policy={
            "issuer_parameters": {"name": ctx.infra.certificate_issuer},
            "key_properties": {"exportable": True, "key_type": "RSA", "key_size": 2048, "reuse_key": False},
            "lifetime_action": [
                KeyVaultCertificateCertificatePolicyLifetimeAction(
                    action={"action_type": "AutoRenew"}, trigger={"days_before_expiry": RENEW_DAYS_BEFORE_EXPIRY}
                )
            ],
            "secret_properties": {"content_type": "application/x-pkcs12"},
            "x509_certificate_properties": {
                "subject": f"CN={host}",
                "subject_alternative_names": {"dns_names": [host]},
                "key_usage": ["digitalSignature", "keyEncipherment"],
                "extended_key_usage": [SERVER_AUTH],
                "validity_in_months": VALIDITY_MONTHS,
            },
        },
    )
    identity = UserAssignedIdentity(scope, "appgw-identity", name=ctx.name("appgw"), **place.placed)
    reader = RoleAssignment(
        scope,
        "appgw-certificate-reader",
        scope=f"{key.vault_id}/secrets/{CERTIFICATE_SECRET}",
        principal_id=identity.principal_id,
        role_definition_name="Key Vault Secrets User",
        depends_on=[certificate],
    )
    return GatewayCertificate(
        secret_id=certificate.versionless_secret_id, identity_id=identity.id, ready=(certificate, reader)
    )
