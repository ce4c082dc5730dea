"""integrity-versions: every pinned component is supported upstream on the day of the run.

The pins are read from what the cluster's tree deploys (:func:`fleetform.versions.pins_of`: each
HelmRelease's chart version, the Flux release of the ``flux`` layer, the Kubernetes minor of the stack's
cluster resource) and judged by :func:`fleetform.versions.support_problems` against the vendored
``support.yaml`` of each version on the run's date (``cluster.today``, as waiver expiry: synthesized output
never depends on the date, a check on a later day may fail). A pin past its end of support (the end date
itself is still supported), or without a vendored support record, is a finding at each place that pins it:
the chart version of every HelmRelease of the component, the version label of the first Flux object, the
Kubernetes version of the cluster resource.

A ``support.yaml`` ``exception`` (owner, expiry, reason) accepts a version past its end of support until the
exception expires, and this rule then reports nothing for it: on 2026-11-30 External Secrets Operator 2.9.0
and the AWS Load Balancer Controller 3.5.0 are past their estimated end (2026-09-11, 2026-10-03) and accepted
until 2027-01-31, the newest releases in the vendored upstream snapshot (``fleetform schemas pins`` lists
them). The day after an exception expires the pin is a finding whose message names the expiry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fleetform.integrity.model import Cluster, Obj, Path, Problem, Resource, dig
from fleetform.versions import Pin, component_of_chart, pins_of, support_problems
from fleetform.versions.pins import CLUSTER_RESOURCES

ID = "integrity-versions"
SUMMARY = "every pinned chart, Flux release and Kubernetes minor is inside its upstream support on the run's date"

#: The Flux objects' label that carries the Flux release (:mod:`fleetform.versions.pins`).
VERSION_LABEL = "app.kubernetes.io/version"


def check(cluster: Cluster) -> Iterator[Problem]:
    stack = cluster.stack.data if cluster.stack is not None else None
    objects: list[Mapping[str, Any]] = [obj.data for obj in cluster.objects]
    for pin, message in support_problems(pins_of(objects, stack), cluster.today):
        for subject, path in _places(cluster, pin):
            yield Problem(subject, message, path)


def _places(cluster: Cluster, pin: Pin) -> Iterator[tuple[Obj | Resource, Path]]:
    """Where the tree pins ``pin``."""
    for release in cluster.of_kind("HelmRelease"):
        chart, version = dig(release.spec, "chart", "spec", "chart"), dig(release.spec, "chart", "spec", "version")
        installs = component_of_chart(str(chart))
        if (installs.name if installs else chart, version) == (pin.component, pin.version):
            yield release, ("spec", "chart", "spec", "version")
    if pin.component == "flux":
        flux = (o for o in cluster.objects if o.labels.get("app.kubernetes.io/part-of") == "flux")
        first = next((o for o in flux if o.labels.get(VERSION_LABEL) == pin.version), None)
        if first is not None:
            yield first, ("metadata", "labels", VERSION_LABEL)
    for resource_type, (service, argument) in CLUSTER_RESOURCES.items():
        if service == pin.component and cluster.stack is not None:
            for resource in cluster.stack.of_type(resource_type):
                if resource.data.get(argument) == pin.version:
                    yield resource, (argument,)
