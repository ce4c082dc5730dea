"""How a release reaches an environment's inference API: ``delivery`` of ``settings/environments/<env>.yaml``.

``rolling`` is the Deployment's own rolling update. ``canary`` and ``blue-green`` hand the rollout to Flagger
(:mod:`fleetform.k8s.constructs.progressive_delivery`), which gates it on the platform's alert thresholds
(``alerts.error_ratio`` and ``alerts.p95_latency_seconds``) and rolls back by itself when they are crossed:

- ``canary`` shifts live traffic to the new version in steps of ``step_weight`` % up to ``max_weight`` %,
  one step per ``interval`` while every check passes, then promotes it;
- ``blue-green`` keeps every user on the old version while Istio mirrors the live traffic to the new one
  (its responses are discarded) for ``iterations`` checks, one per ``interval``, then switches all traffic
  at once.

Either way ``threshold`` failed checks roll back: the new version is scaled to zero and the old one keeps
serving. Defaults are production's (``blue-green``); dev states ``rolling``, staging ``canary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fleetform.rules import Problem, Rule
from fleetform.settings.services import DURATION

Strategy = Literal["rolling", "canary", "blue-green"]


@dataclass(frozen=True)
class Delivery:
    """Progressive delivery of the inference API. The defaults take a release through in about 10 minutes:

    - ``interval`` 1m: Flagger's analysis period, also each metric query's window (the API is scraped every
      30 s, so a window holds two samples per pod);
    - ``threshold`` 5: failed checks before the rollback (one slow minute is noise, five are a regression);
    - ``step_weight`` 10 and ``max_weight`` 50 (canary): 10 %, 20 % ... 50 % of the traffic, five steps, then
      promotion; at most half the users ever see an unproven version;
    - ``iterations`` 10 (blue-green): ten mirrored minutes before the switch.
    """

    strategy: Strategy = "blue-green"
    interval: Annotated[str, DURATION] = "1m"
    threshold: Annotated[int, Rule(ge=1, le=100)] = 5
    step_weight: Annotated[int, Rule(ge=1, le=100)] = 10
    max_weight: Annotated[int, Rule(ge=1, le=100)] = 50
    iterations: Annotated[int, Rule(ge=1, le=1000)] = 10

    @property
    def progressive(self) -> bool:
        """Flagger runs the rollout (``canary`` or ``blue-green``)."""
        return self.strategy != "rolling"

    def problems(self) -> list[Problem]:
        if self.strategy == "canary" and self.step_weight > self.max_weight:
            return [
                Problem(
                    ("step_weight",),
                    f"{self.step_weight} is above max_weight ({self.max_weight})",
                    "step_weight <= max_weight",
                )
            ]
        return []
