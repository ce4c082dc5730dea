"""Helm chart values: the schemas fleetform derives from each vendored chart version, and the check of a
HelmRelease's values against them (:func:`values_problems`). Derivation: :mod:`.derive`."""

from __future__ import annotations

from fleetform.charts.problems import values_problems, values_problems_at

__all__ = ["values_problems", "values_problems_at"]
