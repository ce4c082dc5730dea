"""The gate's rules: one module per rule, each with ``ID`` (``integrity-<name>``, the module's name with
``-`` for ``_``: ``helm_values`` is ``integrity-helm-values``), ``SUMMARY`` (the expectation it checks) and
``check(cluster) -> Iterable[Problem]``, listed in :data:`RULES`.

To add a rule: write ``fleetform/integrity/rules/<name>.py`` with those three names (read the cluster's
objects, its stack and ``cluster.world``; return a :class:`~fleetform.integrity.model.Problem` per problem,
its message ending in ``; expected <the fix>``), add the module to :data:`RULES`, and add tests with
fixture trees under ``tests/integrity/fixtures/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from fleetform.integrity.model import Cluster, Problem
from fleetform.integrity.rules import alerts, capacity, controllers, halves, helm_values, refs, selectors, versions


class Rule(Protocol):
    """A module of :mod:`fleetform.integrity.rules`."""

    #: The rule id findings carry and waivers name: ``integrity-<name>``.
    ID: str
    #: What the rule expects, one line (``fleetform integrity --help`` lists them).
    SUMMARY: str

    def check(self, cluster: Cluster) -> Iterable[Problem]:
        """The problems of one cluster."""


#: Every rule, in the order they run and are listed.
RULES: tuple[Rule, ...] = (refs, selectors, controllers, halves, capacity, alerts, helm_values, versions)
RULE_IDS = frozenset(rule.ID for rule in RULES)
