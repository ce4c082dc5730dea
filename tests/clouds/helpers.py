"""Small helpers for the cloud tests: where a test cluster lives, and how a rule judges a value."""

from __future__ import annotations

import re

from fleetform.clouds import Backend, Site
from fleetform.rules import Rule

#: The Istio ingress gateway of a production cluster, as ``fleetform.settings.ingress`` describes it.
GATEWAY = Backend("istio-ingress", "istio-ingressgateway", 80, 80, "/healthz/ready", 15021, 15021)


def site(account: str, region: str, dr_region: str, *, disaster_recovery: bool) -> Site:
    """A production cluster of the ``ml-platform`` platform."""
    return Site("ml-platform", "production", account, region, dr_region, disaster_recovery)


def accepts(rule: Rule, value: str) -> bool:
    assert rule.pattern is not None
    return re.fullmatch(rule.pattern, value) is not None
