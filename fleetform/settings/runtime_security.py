"""Settings of runtime security: Falco on every node of the cluster (``runtime_security`` in an environment's
settings; :mod:`fleetform.k8s.charts.runtime_security` installs it, :mod:`fleetform.k8s.falco_rules` writes
the platform's rules)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Annotated

from fleetform.rules import Problem, Rule

Port = Annotated[int, Rule(ge=1, le=65535)]


@dataclass(frozen=True)
class Destination:
    """A network the API's pods may connect to on ``port``, besides those derived from the settings."""

    cidr: str
    port: Port

    def problems(self) -> list[Problem]:
        try:
            ipaddress.ip_network(self.cidr)
        except ValueError:
            return [Problem(("cidr",), f"{self.cidr!r} is not a network address", "a CIDR such as 10.20.0.0/16")]
        return []


@dataclass(frozen=True)
class RuntimeSecurity:
    """Falco watches every node's system calls when ``enabled`` (the default: every environment). The rule
    "unexpected outbound connection from the API" allows what the API is known to reach (cluster DNS, the model
    workers, the database, cache and broker in the VPC); ``api_destinations`` adds networks and ports it may
    also reach (a tracing collector, for example)."""

    enabled: bool = True
    api_destinations: tuple[Destination, ...] = ()
