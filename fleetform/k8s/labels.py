"""The ``app.kubernetes.io`` labels every object carries, built in one place."""

from __future__ import annotations

from dataclasses import dataclass

MANAGED_BY = "fleetform"


@dataclass(frozen=True)
class AppLabels:
    """Recommended labels of one application part.

    ``name`` is the part (``api``, ``model-worker``...), ``instance`` is ``<name>-<environment>``,
    ``version`` the platform version, ``component`` the part's role, ``part_of`` the platform name.
    """

    name: str
    environment: str
    version: str
    component: str
    part_of: str

    @property
    def selector(self) -> dict[str, str]:
        """The immutable subset used in selectors (no version: it changes on every release)."""
        return {
            "app.kubernetes.io/name": self.name,
            "app.kubernetes.io/instance": f"{self.name}-{self.environment}",
            "app.kubernetes.io/component": self.component,
        }

    @property
    def all(self) -> dict[str, str]:
        return {
            **self.selector,
            "app.kubernetes.io/version": self.version,
            "app.kubernetes.io/part-of": self.part_of,
            "app.kubernetes.io/managed-by": MANAGED_BY,
        }

    def for_part(self, name: str, component: str) -> AppLabels:
        """The same platform, another part."""
        return AppLabels(name, self.environment, self.version, component, self.part_of)
