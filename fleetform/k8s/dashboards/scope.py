"""What a dashboard is drawn for: one cluster's platform namespace, its workloads and alert thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from fleetform.settings.services import Alerts


@dataclass(frozen=True)
class Scope:
    """``namespace`` of the platform, ``api`` its API's Service and Deployment, ``workloads`` every
    Deployment of the platform, ``alerts`` the thresholds the panels draw as lines."""

    namespace: str
    api: str
    workloads: tuple[str, ...]
    alerts: Alerts

    @property
    def ns(self) -> str:
        """The namespace matcher of every query."""
        return f'namespace="{self.namespace}"'

    @property
    def deployments(self) -> str:
        return "|".join(self.workloads)
