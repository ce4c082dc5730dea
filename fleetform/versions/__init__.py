"""Supported versions: what fleetform pins of each third-party component, and until when upstream supports it.

A pin is a component and a version (:class:`Pin`): the Kubernetes minor of a cloud's managed service, the
Flux release, a Helm chart's version. The pins themselves are settings (``settings/platform.yaml``:
``kubernetes_version``, ``flux_version``, ``charts``). What is known about a pinned version is vendored
upstream data, in the package, one folder per component and version (:mod:`.vendored`):

- ``support.yaml``: release date, end of support (and whether it is an estimate), the support policy and
  the source it was read from; optionally a dated, owned exception (:mod:`.support`);
- ``SOURCE.json``: where the upstream files came from (repository, tag, commit, paths, sha256 of each);
- ``values/<chart>.json``: each chart's values schema (:mod:`fleetform.charts`);
- ``crds/<group>/<kind>_<version>.json``: the CRD schemas of that version (:mod:`fleetform.schemas`);
- Flux only: ``gotk-components.yaml``, the ``flux install --export`` manifests emitted into the ``flux``
  layer, and ``images.yaml``, the digests of its images.

:func:`support_problems` says which pins are past their end of support on a given day (the day comes from
the run, so synthesized output never depends on the date) and :func:`support_exceptions` which of those an
unexpired exception accepts; :func:`pins_of` reads the pins back from what a cluster's ``dist/`` holds.
"""

from __future__ import annotations

from fleetform.versions.components import COMPONENTS, Component, component_of_chart
from fleetform.versions.pins import Pin, pins_of
from fleetform.versions.support import (
    SupportException,
    SupportRecord,
    support_exceptions,
    support_problems,
    support_record,
)

__all__ = [
    "COMPONENTS",
    "Component",
    "Pin",
    "SupportException",
    "SupportRecord",
    "component_of_chart",
    "pins_of",
    "support_exceptions",
    "support_problems",
    "support_record",
]
