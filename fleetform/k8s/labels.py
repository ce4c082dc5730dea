"""The ``app.kubernetes.io`` labels, built in one place.

Every object carries :attr:`AppLabels.all`; only the platform's workloads and their pod templates also carry
the platform's version (:attr:`AppLabels.release`). A version bump then changes the objects whose content
belongs to that release, not every namespace, controller, policy and Flux object of every cluster: a review
of a release shows its workloads, not 1,300 label edits.
"""

from __future__ import annotations

from dataclasses import dataclass

MANAGED_BY = "fleetform"


@dataclass(frozen=True)
class AppLabels:
    """Recommended labels of one application part.

    ``name`` is the part (``api``, ``model-worker``...), ``instance`` is ``<name>-<environment>``,
    ``version`` the platform version (on :attr:`release` labels only), ``component`` the part's role,
    ``part_of`` the platform name.
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
        """The labels every object carries: what it is, what it is part of, who manages it (no version)."""
        return {
            **self.selector,
            "app.kubernetes.io/part-of": self.part_of,
            "app.kubernetes.io/managed-by": MANAGED_BY,
        }

    @property
    def release(self) -> dict[str, str]:
        """:attr:`all` and ``app.kubernetes.io/version``: for the workloads that run the release's images
        (Deployments, CronJobs) and their pod templates."""
        return {**self.all, "app.kubernetes.io/version": self.version}

    def for_part(self, name: str, component: str) -> AppLabels:
        """The same platform, another part."""
        return AppLabels(name, self.environment, self.version, component, self.part_of)
